// JSONOptions: how LuaValue.jsonText writes.

/// JSON encoding options.
public struct JSONOptions: Sendable {
    /// Spaces per nesting level; 0 writes one line.
    public var indent: Int
    public init(indent: Int = 0) { self.indent = indent }
}
