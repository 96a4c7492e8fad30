// LuaReturn: how a Swift function called from Lua hands control back (return or yield).

/// What a Swift function tells the trampoline when it returns.
public enum LuaReturn {
    /// Return the top `n` stack values to Lua.
    case values(Int32)
    /// Yield the top `n` values from the running coroutine (`coroutine.yield` from Swift).
    /// When resumed, the same function is called again with `stack.isResumed == true` and the
    /// resume arguments on the stack top.
    case yield(Int32)
}
