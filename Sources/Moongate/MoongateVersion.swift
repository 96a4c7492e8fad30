// MoongateVersion: the version `moongate version` prints.
import LuaKit

/// Moongate's version and the Lua it embeds.
public enum MoongateVersion {
    public static let number = "0.1.0"
    /// `moongate 0.1.0 (Lua 5.4.6)`
    public static var line: String { "moongate \(number) (\(LuaState.luaRelease))" }
}
