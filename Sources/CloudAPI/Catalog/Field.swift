/// A named member of an object shape: a response field, or a field of a repeat-list item such as
/// `Apis.N.StageName`.
///
/// ```swift
/// let stage = Field.string("StageName", oneOf: Catalog.stageNames, "The environment.")
/// ```
public struct Field: Sendable, Equatable {
    public let name: String
    public let shape: Shape
    /// Allowed values, where the service enumerates them (`StageName`: RELEASE, PRE, TEST).
    public let allowedValues: [String]?
    public let doc: String

    public init(_ name: String, _ shape: Shape, oneOf allowedValues: [String]? = nil, _ doc: String = "") {
        self.name = name
        self.shape = shape
        self.allowedValues = allowedValues
        self.doc = doc
    }

    // Short forms, so the catalog reads like the service's docs.
    public static func string(_ name: String, oneOf values: [String]? = nil, _ doc: String = "") -> Field {
        Field(name, .string, oneOf: values, doc)
    }
    public static func integer(_ name: String, _ doc: String = "") -> Field { Field(name, .integer, doc) }
    public static func boolean(_ name: String, _ doc: String = "") -> Field { Field(name, .boolean, doc) }
    public static func object(_ name: String, _ fields: [Field], _ doc: String = "") -> Field {
        Field(name, .object(fields), doc)
    }
    /// An array of objects with the given fields.
    public static func list(_ name: String, of fields: [Field], _ doc: String = "") -> Field {
        Field(name, .array(.object(fields)), doc)
    }
    /// An array of scalars.
    public static func list(_ name: String, of element: Shape, _ doc: String = "") -> Field {
        Field(name, .array(element), doc)
    }
}
