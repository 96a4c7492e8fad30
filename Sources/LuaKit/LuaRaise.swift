// LuaRaise: how a Swift function called from Lua fails; the trampoline raises it in C.

/// How a Swift function fails: thrown, then raised in Lua by the trampoline.
/// Any other thrown Swift error is raised as `.message(String(describing: error))`.
public enum LuaRaise: Error {
    /// Raise a string, prefixed with the calling script's `chunk:line: `.
    case message(String)
    /// Raise this value as is (e.g. an error table with code and message).
    case value(LuaValue)
    /// Raise the value the function already pushed on the stack top (e.g. an error userdata).
    case pushed
}
