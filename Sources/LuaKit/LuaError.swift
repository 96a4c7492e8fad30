// LuaError: every failure LuaKit reports, with where it happened and why.

/// An error raised by Lua code (or by a Swift function on its behalf), caught at the boundary.
///
/// ```swift
/// do { try lua.run(source: "error('boom')", chunkName: "=demo.lua") }
/// catch let e as LuaError { print(e.message, e.line ?? 0, e.traceback ?? "") }
/// ```
public struct LuaError: Error, CustomStringConvertible, Sendable {
    /// Why the run stopped: a script error, or one of the host's limits.
    public enum Kind: Equatable, Sendable {
        case syntax          // the chunk does not compile
        case runtime         // error() or a runtime fault in the script
        case memory          // the memory limit (or the system) refused an allocation
        case timeout         // the run's deadline passed
        case interrupted(Int32)  // a stop was requested for this signal
        case conversion      // a value could not cross the boundary (function, cycle, ...)
        case file            // a script file could not be read
    }

    public var kind: Kind
    /// The message, usually `chunk:line: what failed` for string errors.
    public var message: String
    /// The error value as raised, when it converts (a string, or an error table).
    public var value: LuaValue?
    /// Chunk name (short source, e.g. `cleanup.lua`) of the first Lua frame of the error.
    public var chunk: String?
    /// Line in `chunk`.
    public var line: Int?
    /// Lua's traceback at the point of the error.
    public var traceback: String?

    public init(kind: Kind, message: String, value: LuaValue? = nil, chunk: String? = nil, line: Int? = nil,
                traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.value = value
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
    }

    public var description: String { message }
}

// MARK: - Location parsing

extension LuaError {
    /// Splits `"chunk:12: rest"` into ("chunk", 12); nil when the text has no such prefix.
    static func location(in text: String) -> (chunk: String, line: Int)? {
        let scalars = Array(text.utf8)
        var i = 0
        while i < scalars.count {
            if scalars[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < scalars.count, scalars[j] >= 48, scalars[j] <= 57 { j += 1 }
                if j > i + 1, j < scalars.count, scalars[j] == UInt8(ascii: ":"), i > 0 {
                    let chunk = String(decoding: scalars[0..<i], as: UTF8.self)
                    let line = Int(String(decoding: scalars[(i + 1)..<j], as: UTF8.self)) ?? 0
                    return (chunk, line)
                }
            }
            if scalars[i] == UInt8(ascii: "\n") { return nil }
            i += 1
        }
        return nil
    }
}
