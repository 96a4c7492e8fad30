// ScriptRunner+ApiGateway: the native half of `moongate.apigateway` (module `moongate.native`).
//
// A call starts on the script thread (convert once, validate, apply policy, plan or send) and returns
// a handle at once; its HTTP request runs on the shared client's event loop; the script thread takes
// the outcome from the completion queue (stdlib/moongate/scheduler.lua decides whether to block or
// to yield the coroutine). Lua is never touched off the script thread.
import CloudAPI
import Foundation
import LuaKit

extension ScriptRunner {
    func installApiGateway(_ session: ApiSession) {
        lua.defineType(ScriptClient.luaTypeName, methods: [:], metamethods: [
            "__tostring": { stack in
                let client = try stack.checkObject(at: 1, typeName: ScriptClient.luaTypeName, as: ScriptClient.self)
                stack.push("apigateway.Client(\(client.api))")  // CloudAPIClient's description has no secret
                return .values(1)
            },
        ])
        lua.registerModule("moongate.native") { stack in
            stack.push(.map([:]))
            let functions: [(String, LuaSwiftFunction)] = [
                ("operations", { s in s.push(Self.operationList); return .values(1) }),
                ("set_client_methods", { s in
                    s.setMetafield("__index", ofType: ScriptClient.luaTypeName, toValueAt: 1)
                    return .values(0)
                }),
                ("client", { s in
                    let settings: ScriptClientSettings
                    do {
                        settings = try ScriptClientSettings(Value(lua: try s.value(at: 1, named: "options"), place: "options"))
                        s.push(object: try session.makeClient(settings), typeName: ScriptClient.luaTypeName)
                    } catch {
                        // Name the script's line, not the stdlib wrapper's.
                        throw LuaRaise.value(.text([s.userLocation(), "\(error)"].compactMap { $0 }.joined(separator: ": ")))
                    }
                    return .values(1)
                }),
                ("start", { s in try Self.start(s, session: session) }),
                ("await", { s in
                    let outcome = try session.pending.wait(for: try s.int(at: 1)) { try Self.interruption(s) }
                    return .values(s.push(Self.luaResult(outcome)))
                }),
                ("await_any", { s in
                    guard case .array(let items) = try s.value(at: 1, named: "handles") else {
                        throw s.argumentError(1, expected: "array of handles")
                    }
                    let handles = items.compactMap(\.intValue)
                    let (handle, outcome) = try session.pending.waitAny(of: handles) { try Self.interruption(s) }
                    return .values(s.push([.int(handle)] + Self.luaResult(outcome)))
                }),
                ("timer", { s in
                    guard let seconds = try s.value(at: 1).doubleValue, seconds >= 0 else {
                        throw s.argumentError(1, expected: "a number of seconds >= 0")
                    }
                    let handle = session.pending.start()
                    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                        session.pending.complete(handle, .success(.null))
                    }
                    s.push(.int(handle))
                    return .values(1)
                }),
                ("is_secret_key", { s in s.push(.bool(SecretFields.isSecret(try s.string(at: 1)))); return .values(1) }),
            ]
            for (name, body) in functions {
                stack.push(function: body)
                stack.setField(name, tableAt: -2)
            }
        }
    }

    /// `{ {name=, method=, items=} … }` for every catalog operation (items: where a paged one keeps them).
    static let operationList: LuaValue = .array(Catalog.all.map { op in
        var entry: [LuaValue: LuaValue] = ["name": .text(op.name), "method": .text(op.snakeCaseName),
                                           "mutates": .bool(op.mutates)]
        if let paging = op.paging { entry["items"] = .array(paging.itemsPath.map(LuaValue.text)) }
        return .map(entry)
    })

    /// Ends a wait on an in-flight call when the run's deadline passes or a signal asks to stop; the
    /// runner reports the error as the timeout or signal it is.
    static func interruption(_ stack: LuaStack) throws {
        if let reason = stack.checkStop() {
            throw LuaRaise.message(reason == .timeout ? "timeout while waiting for an API call" : "stopped while waiting for an API call")
        }
    }

    /// `native.start(client, operation, params)` → handle, or `nil, error` when refused before sending.
    static func start(_ s: LuaStack, session: ApiSession) throws -> LuaReturn {
        let client = try s.checkObject(at: 1, typeName: ScriptClient.luaTypeName, as: ScriptClient.self)
        let name = try s.string(at: 2)
        let started = ProcessInfo.processInfo.systemUptime
        var parameters: Value = .object([:])
        do {
            let operation: CloudAPI.Operation
            do {
                operation = try Catalog.operation(lookingUp: name)
            } catch let error as ParameterError {
                throw CallFailure(code: error.code, message: error.message + "; `moongate describe` lists them",
                                  operation: name)
            }
            if !s.isNil(at: 3) {
                do {
                    parameters = try Value(lua: try s.value(at: 3, named: "params"), place: "params")
                } catch {
                    throw CallFailure(code: "Moongate.InvalidParameter", message: "\(error)", operation: name)
                }
                if case .array(let items) = parameters, items.isEmpty { parameters = .object([:]) }
            }
            guard case .object(let fields) = parameters else {
                throw CallFailure(code: "Moongate.InvalidParameter", message: "params must be a table of named parameters",
                                  operation: name)
            }
            try session.checkPolicy(operation, client: client, location: s.userLocation)
            let wire: [(String, String)]
            do {
                wire = try RequestEncoder.wireParameters(operation: operation, parameters: fields)
            } catch let error as ParameterError {
                throw CallFailure(code: error.code, message: error.message, operation: name)
            }
            let handle = session.pending.start()
            if session.options.dryRun, operation.mutates || SyntheticResponse.refersToPlannedResource(fields) {
                let response = operation.mutates
                    ? session.planCall(operation, request: fields, wire: wire)
                    : session.answerPlannedRead(operation, request: fields)
                session.auditCall(name, parameters, started: started, dryRun: true, outcome: .success(response), attempts: 0)
                session.pending.complete(handle, .success(response))
            } else {
                send(operation, wire: wire, parameters, client: client, handle: handle, started: started, session: session)
            }
            s.push(.int(handle))
            return .values(1)
        } catch var failure as CallFailure {
            // The script line is looked up only for a refusal: a stack walk kept off the hot path.
            failure.location = s.userLocation()
            session.auditCall(name, parameters, started: started, dryRun: session.options.dryRun, outcome: .failure(failure), attempts: 0)
            return .values(s.push([.nil, failure.luaFields]))
        }
    }

    /// Sends without a Swift task: the client calls back on the event loop, which audits the call and
    /// completes its handle; the script thread is woken straight from there.
    private static func send(_ operation: CloudAPI.Operation, wire: [(String, String)], _ parameters: Value,
                             client: ScriptClient, handle: PendingCalls.Handle, started: TimeInterval, session: ApiSession) {
        let attempts = AttemptCounter()
        let call: @Sendable () -> Void = {
            client.api.call(operation, wire: wire, observer: { _ in attempts.increment() }) { result in
                let outcome: PendingCalls.Outcome
                var httpStatus: Int?
                switch result {
                case .success(let call):
                    httpStatus = call.httpStatus
                    outcome = .success(call.value)
                case .failure(let error):
                    outcome = .failure(CallFailure(error, operation: operation.name))
                }
                session.auditCall(operation.name, parameters, started: started, dryRun: false, outcome: outcome,
                                  attempts: attempts.value, httpStatus: httpStatus)
                session.pending.complete(handle, outcome)
            }
        }
        let delay = client.rateLimiter?.reserve() ?? 0
        if delay > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + delay, execute: call)
        } else {
            call()
        }
    }

    /// `ok, value` for Lua: the response table, or the error's fields (Lua gives them the Error metatable).
    static func luaResult(_ outcome: PendingCalls.Outcome) -> [LuaValue] {
        switch outcome {
        case .success(let value): [.bool(true), value.lua]
        case .failure(let failure): [.bool(false), failure.luaFields]
        }
    }
}

/// Counts a call's attempts (the client reports each one, retries included) for the audit line.
private final class AttemptCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
