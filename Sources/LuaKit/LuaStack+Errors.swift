// LuaStack+Errors: a failed protected call's error value → LuaError (kind, location, traceback).
import CLua
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LuaStack {
    /// Pops the error value a failed load or pcall left, and describes it.
    func popError(status: Int32) -> LuaError {
        let state = self.state
        let value = try? self.value(at: -1, named: "error")
        let raw = bytes(at: -1).map { String(decoding: $0, as: UTF8.self) }
        mg_pop(L, 1)
        let traceback = takeRegistryString(MG_TRACEBACK_KEY)
        let whereText = takeRegistryString(MG_WHERE_KEY)

        // A non-string error's message is what the handler made of it (its __tostring).
        var message = raw ?? traceback.map { text in
            text.range(of: "\nstack traceback:").map { String(text[..<$0.lowerBound]) } ?? text
        } ?? "(error object is not a string)"

        var kind: LuaError.Kind
        switch status {
        case LUA_ERRSYNTAX: kind = .syntax
        case LUA_ERRMEM: kind = .memory
        default: kind = message.hasSuffix("not enough memory") ? .memory : .runtime
        }
        if let stop = state.stopReason { kind = stop }

        var location = LuaError.location(in: message)
        if location == nil, let whereText, let parsed = LuaError.location(in: whereText + ":") {
            location = parsed
            message = "\(whereText): \(message)"
        }
        return LuaError(kind: kind, message: message, value: value, chunk: location?.chunk,
                        line: location?.line, traceback: status == LUA_ERRSYNTAX ? nil : traceback)
    }

    /// Reads and clears a registry string the message handler left.
    private func takeRegistryString(_ key: String) -> String? {
        _ = lua_getfield(L, mg_registryindex(), key)
        let text = bytes(at: -1).map { String(decoding: $0, as: UTF8.self) }
        mg_pop(L, 1)
        lua_pushnil(L)
        lua_setfield(L, mg_registryindex(), key)
        return text
    }
}

extension LuaState {
    /// Reads a whole file; a failure is a `.file` error naming the path and the system's reason.
    public static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw LuaError(kind: .file, message: "cannot open \(path) (\(String(cString: strerror(errno))))")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(f) != 0 {
                    throw LuaError(kind: .file, message: "cannot read \(path) (\(String(cString: strerror(errno))))")
                }
                break
            }
        }
        return bytes
    }
}
