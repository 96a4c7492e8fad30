// ApiBindings+Testing: `native.test`, what stdlib/moongate/test.lua needs from the host under
// `moongate test` — the file's in-process emulator (seed, faults, reset, clock) and the calls sent.
import CloudAPI
import Foundation
import LuaKit

extension ApiBindings {
    /// Pushes the `native.test` table (only test files get one).
    func pushTestFunctions(onto stack: LuaStack) {
        stack.push(.map([:]))
        let functions: [(String, LuaSwiftFunction)] = [
            ("seed", { [self] s in
                let seed = try Self.seedJSON(from: try Value(lua: try s.value(at: 1, named: "seed"), place: "seed"))
                try emulatorWork("t.seed") { try $0.load(seedJSON: seed, source: "t.seed") }
                return .values(0)
            }),
            ("faults", { [self] s in
                let spec = try Self.faultSpec(from: s.isNil(at: 1) ? .object([:]) : try Value(lua: try s.value(at: 1, named: "faults"), place: "faults"))
                do { try session.inProcessEmulator().setFaults(spec) } catch {
                    throw LuaRaise.message("\(error)".replacingOccurrences(of: "--faults: ", with: "t.faults: "))
                }
                return .values(0)
            }),
            ("reset", { [self] _ in
                try emulatorWork("t.reset") { try $0.reset() }
                session.clockAhead = 0
                session.callLog.removeAll()
                return .values(0)
            }),
            ("advance", { [self] s in
                guard let seconds = try s.value(at: 1).doubleValue, seconds.isFinite, seconds >= 0 else {
                    throw s.argumentError(1, expected: "a number of seconds >= 0")
                }
                try emulatorWork("t.clock.advance") { $0.advanceClock(by: seconds) }
                session.clockAhead += seconds
                return .values(0)
            }),
            ("clock_ahead", { [self] s in
                s.push(.double(session.clockAhead))
                return .values(1)
            }),
            ("calls", { [self] s in
                s.push(.array(session.callLog.map { call in
                    .map(["operation": .text(call.operation), "params": call.parameters.lua])
                }))
                return .values(1)
            }),
            ("clear_calls", { [self] _ in
                session.callLog.removeAll()
                return .values(0)
            }),
            ("where", { s in
                // The innermost line outside the stdlib: the test file's `it(...)` or `expect(...)`.
                s.push(s.userLocation().map(LuaValue.text) ?? .nil)
                return .values(1)
            }),
        ]
        for (name, body) in functions {
            stack.push(function: body)
            stack.setField(name, tableAt: -2)
        }
    }

    /// Runs `body` on the file's emulator (started if it was not), naming `what` in its errors.
    private func emulatorWork(_ what: String, _ body: (any LocalGateway) throws -> Void) throws {
        do {
            let server = try session.inProcessEmulator()
            try body(server)
        } catch {
            let text = "\(error)"
            throw LuaRaise.message(text.hasPrefix(what + ": ") ? text : "\(what): \(text)")
        }
    }

    static let seedFields: Set<String> = ["Groups", "Apis", "Apps", "Backends", "ApiProducts", "Roles", "OIDCProviders", "Quota"]

    /// A `t.seed{…}` table as the seed file's JSON (field names as the service spells them).
    static func seedJSON(from value: Value) throws -> Data {
        guard case .object(let fields) = value else {
            throw LuaRaise.message("t.seed: expected a table such as { Backends = { … } } (got \(value.typeName))")
        }
        for name in fields.keys where !seedFields.contains(name) {
            let hint = NameSuggestion.closest(to: name, among: seedFields.sorted()).map { " (did you mean \($0)?)" } ?? ""
            throw LuaRaise.message("t.seed: unknown field \(name)\(hint)")
        }
        return Data(try value.jsonString().utf8)
    }

    /// A `t.faults{ throttle = 1, delay = "50ms" }` table in `--faults` syntax (`delay=50ms,throttle=1`).
    static func faultSpec(from value: Value) throws -> String {
        guard case .object(let fields) = value else {
            if case .array(let items) = value, items.isEmpty { return "" }
            throw LuaRaise.message("t.faults: expected a table such as { throttle = 1 } (got \(value.typeName))")
        }
        return try fields.sorted { $0.key < $1.key }.map { name, setting -> String in
            switch setting {
            case .string(let s): return "\(name)=\(s)"
            case .int(let n): return "\(name)=\(n)"
            case .double(let d): return "\(name)=\(d)"
            default: throw LuaRaise.message("t.faults: \(name): expected a number or a duration such as \"50ms\" (got \(setting.typeName))")
            }
        }.joined(separator: ",")
    }
}
