/// The shape of a value on the wire or in a response: scalars, objects with named fields, arrays.
///
/// Responses are described with the same vocabulary as request items, so one walker can validate a
/// request, synthesise a dry-run response or write an editor stub.
///
/// ```swift
/// let tag: Shape = .object([.string("Key"), .string("Value")])
/// ```
public indirect enum Shape: Sendable, Equatable {
    case string
    case integer
    case boolean
    case double
    case object([Field])
    case array(Shape)

    /// A short type name for humans: `string`, `integer`, `array of object`…
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .double: "number"
        case .object: "object"
        case .array(let element): "array of \(element.typeName)"
        }
    }

    /// The fields of an object shape (or of an array's object elements); empty otherwise.
    public var fields: [Field] {
        switch self {
        case .object(let fields): fields
        case .array(let element): element.fields
        default: []
        }
    }
}
