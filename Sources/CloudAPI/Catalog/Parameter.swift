/// One request parameter of an operation: its field (name, shape, allowed values, doc), whether the
/// service requires it, and how it travels in the query string.
///
/// ```swift
/// Parameter.string("BackendName", required: true, "The name of the backend service.")
/// Parameter.repeatList("Apis", of: [.string("ApiId"), .string("StageName")], required: true, "…")
/// ```
public struct Parameter: Sendable, Equatable {
    /// How a parameter's value is written into the query string, exactly as the official SDK does.
    public enum Transport: String, Sendable, Equatable {
        /// `Name=value`; numbers as decimal text, booleans `true`/`false`.
        case plain
        /// 1-based flattening: `Apis.1.ApiId=…&Apis.1.StageName=…`, or `AppIds.1=…` for scalars.
        case repeatList = "repeat-list"
        /// A list shrunk to one comma-joined value: `ApiProductIds=id1,id2`.
        case commaJoined = "comma-joined"
        /// A string holding a JSON document (`BackendModelData`); callers may give a structure to encode.
        case jsonString = "json-string"
    }

    public let field: Field
    public let required: Bool
    public let transport: Transport
    /// For a JSON-string parameter: the shape of the document inside (checked before sending), if known.
    public let document: Shape?

    public var name: String { field.name }
    public var shape: Shape { field.shape }
    public var allowedValues: [String]? { field.allowedValues }
    public var doc: String { field.doc }

    public init(_ field: Field, required: Bool, transport: Transport, document: Shape? = nil) {
        self.field = field
        self.required = required
        self.transport = transport
        self.document = document
    }

    public static func string(
        _ name: String, required: Bool = false, oneOf values: [String]? = nil, _ doc: String
    ) -> Parameter {
        Parameter(.string(name, oneOf: values, doc), required: required, transport: .plain)
    }
    public static func integer(_ name: String, required: Bool = false, _ doc: String) -> Parameter {
        Parameter(.integer(name, doc), required: required, transport: .plain)
    }
    public static func boolean(_ name: String, required: Bool = false, _ doc: String) -> Parameter {
        Parameter(.boolean(name, doc), required: required, transport: .plain)
    }
    /// A list of objects flattened as `Name.N.Field`.
    public static func repeatList(
        _ name: String, of fields: [Field], required: Bool = false, _ doc: String
    ) -> Parameter {
        Parameter(.list(name, of: fields, doc), required: required, transport: .repeatList)
    }
    /// A list of scalars flattened as `Name.N`.
    public static func repeatList(
        _ name: String, of element: Shape, required: Bool = false, _ doc: String
    ) -> Parameter {
        Parameter(.list(name, of: element, doc), required: required, transport: .repeatList)
    }
    /// A list of scalars sent as one comma-joined value.
    public static func commaJoined(
        _ name: String, of element: Shape, required: Bool = false, _ doc: String
    ) -> Parameter {
        Parameter(.list(name, of: element, doc), required: required, transport: .commaJoined)
    }
    /// A string parameter whose value is a JSON document, of the `document` shape when given.
    public static func json(_ name: String, required: Bool = false, document: [Field]? = nil, _ doc: String) -> Parameter {
        Parameter(.string(name, doc), required: required, transport: .jsonString, document: document.map(Shape.object))
    }
}
