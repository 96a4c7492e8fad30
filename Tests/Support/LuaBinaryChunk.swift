// luaBinaryChunk: a real Lua 5.4 precompiled chunk, made with the C API's lua_dump, for the tests that
// check binary chunks are refused. No `luac5.4` (Debian's lua5.4 package) is needed: liblua5.4 alone does it.
import CLua
import Foundation

/// Compiles `source` and returns the bytes `luac5.4` would write for it (a chunk starting with "\x1bLua").
///
/// ```swift
/// try Data(try luaBinaryChunk("print('compiled')")).write(to: dir.appendingPathComponent("compiled.luac"))
/// ```
public func luaBinaryChunk(_ source: String) throws -> [UInt8] {
    guard let state = luaL_newstate() else { throw LuaBinaryChunkError("cannot create a Lua state") }
    defer { lua_close(state) }
    guard luaL_loadstring(state, source) == LUA_OK else {
        throw LuaBinaryChunkError("does not compile: \(String(cString: lua_tolstring(state, -1, nil)))")
    }
    final class Sink { var bytes: [UInt8] = [] }
    let sink = Sink()
    let status = withExtendedLifetime(sink) {
        lua_dump(state, { _, data, size, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }, Unmanaged.passUnretained(sink).toOpaque(), 0)
    }
    guard status == 0, sink.bytes.starts(with: [0x1b, 0x4c, 0x75, 0x61]) else {
        throw LuaBinaryChunkError("lua_dump failed (status \(status))")
    }
    return sink.bytes
}

public struct LuaBinaryChunkError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = "luaBinaryChunk: \(description)" }
}
