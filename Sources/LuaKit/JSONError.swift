// JSONError: why a value could not become JSON text, or a text could not become a value.

/// A JSON text that cannot be encoded or decoded.
public enum JSONError: Error, CustomStringConvertible {
    case encode(String)
    case decode(String, offset: Int)

    public var description: String {
        switch self {
        case .encode(let m): return m
        case .decode(let m, let offset): return "\(m) at byte \(offset + 1)"
        }
    }
}
