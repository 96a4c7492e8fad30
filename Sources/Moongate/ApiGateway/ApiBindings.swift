// ApiBindings: the call path of one run, in one place — the stdlib's `native` table, the module behind
// stdlib/moongate/apigateway.lua and scheduler.lua.
//
// A call starts on the script thread (convert once, validate, apply policy, plan or send) and returns
// a handle at once; its HTTP request is a transfer on this run's CallLoop, which the script thread
// itself drives while it awaits (stdlib/moongate/scheduler.lua decides whether to block or to yield
// the coroutine). So completions, audit lines and Lua all stay on the script thread.
import CloudAPI
import Foundation
import LuaKit

/// `start` → handle, `send` (the HTTP path), `await` (turn the loop until a handle completes), `stop`
/// (cancel what is in flight, audit it as abandoned).
///
/// ```swift
/// let bindings = ApiBindings(session: session)
/// bindings.install(in: lua)
/// defer { bindings.stop() }
/// ```
final class ApiBindings {
    typealias Handle = Int64

    enum Outcome {
        case success(Value)
        case failure(CallFailure)
    }

    /// A call that was sent (or waits for its rate-limit slot): what its audit line needs.
    private struct InFlight {
        let task: CallTask
        let operation: String
        let parameters: Value
        let started: TimeInterval
    }

    let session: ApiSession
    let loop = CallLoop()
    private var nextHandle: Handle = 1
    private var inFlight: [Handle: InFlight] = [:]
    private var sleeping: Set<Handle> = []
    private var finished: [Handle: Outcome] = [:]
    /// A dry run's last full backend list (filters as JSON, the planned state's version it was read at).
    private var listingCache: (key: String, version: Int, items: [Value])?

    init(session: ApiSession) {
        self.session = session
    }

    // MARK: - Lua module

    func install(in lua: LuaState) {
        lua.defineType(ScriptClient.luaTypeName, methods: [:], metamethods: [
            "__tostring": { stack in
                let client = try stack.checkObject(at: 1, typeName: ScriptClient.luaTypeName, as: ScriptClient.self)
                stack.push("apigateway.Client(\(client.api))")  // CloudAPIClient's description has no secret
                return .values(1)
            },
        ])
    }

    /// Pushes the `native` table the stdlib's Lua layer calls. Scripts never reach it: only the
    /// embedded stdlib chunks receive it (`local _, native = ...`), not through require.
    func pushNativeModule(onto stack: LuaStack) {
        stack.push(.map([:]))
        let functions: [(String, LuaSwiftFunction)] = [
            ("operations", { s in s.push(Self.operationList); return .values(1) }),
            ("set_client_methods", { s in
                s.setMetafield("__index", ofType: ScriptClient.luaTypeName, toValueAt: 1)
                return .values(0)
            }),
            ("client", { [self] s in try makeClient(s) }),
            ("whoami", { s in try Self.whoami(s) }),
            ("start", { [self] s in try start(s) }),
            ("await", { [self] s in
                let (_, outcome) = try awaitAny([try s.int(at: 1)], stack: s)
                return .values(Self.pushResult(outcome, onto: s))
            }),
            ("await_any", { [self] s in
                guard case .array(let items) = try s.value(at: 1, named: "handles") else {
                    throw s.argumentError(1, expected: "array of handles")
                }
                let (handle, outcome) = try awaitAny(items.compactMap(\.intValue), stack: s)
                s.push(LuaValue.int(handle))
                return .values(1 + Self.pushResult(outcome, onto: s))
            }),
            ("timer", { [self] s in
                guard let seconds = try s.value(at: 1).doubleValue, seconds >= 0, seconds.isFinite else {
                    throw s.argumentError(1, expected: "a number of seconds >= 0")
                }
                s.push(.int(sleep(seconds)))
                return .values(1)
            }),
            ("is_secret_key", { s in s.push(.bool(SecretFields.isSecret(try s.string(at: 1)))); return .values(1) }),
        ]
        for (name, body) in functions {
            stack.push(function: body)
            stack.setField(name, tableAt: -2)
        }
        if session.options.isTestFile {
            pushTestFunctions(onto: stack)
            stack.setField("test", tableAt: -2)
        }
        stack.push(JSONDocument.rawKey)
        stack.setField("raw_key", tableAt: -2)
    }

    /// `{ {name=, method=, items=} … }` for every catalog operation (items: where a paged one keeps them).
    static let operationList: LuaValue = .array(Catalog.all.map { op in
        var entry: [LuaValue: LuaValue] = ["name": .text(op.name), "method": .text(op.snakeCaseName),
                                           "mutates": .bool(op.mutates)]
        if let paging = op.paging { entry["items"] = .array(paging.itemsPath.map(LuaValue.text)) }
        return .map(entry)
    })

    /// `native.client(options)` → an `apigateway.Client`.
    private func makeClient(_ s: LuaStack) throws -> LuaReturn {
        do {
            let settings = try ScriptClientSettings(Value(lua: try s.value(at: 1, named: "options"), place: "options"))
            s.push(object: try session.makeClient(settings), typeName: ScriptClient.luaTypeName)
        } catch let error as ConfigurationError {
            // Credentials or settings that do not work: the run ends with exit 64 (as for a bad flag) unless
            // the script catches it. The code leads (Moongate.NoCredentials, Moongate.CredentialsFailed…) so
            // that logs can be searched by it.
            let text = [s.userLocation(), "\(error.code): \(error.message)"].compactMap { $0 }.joined(separator: ": ")
            return try ScriptRunner.raiseExitError(s, message: text, status: .usage)
        } catch {
            // Name the script's line, not the stdlib wrapper's.
            throw LuaRaise.value(.text([s.userLocation(), "\(error)"].compactMap { $0 }.joined(separator: ": ")))
        }
        return .values(1)
    }

    /// `native.whoami(client)` → `{source=, access_key_id= (masked), expiration=, region=, endpoint=, arn=, …}`.
    /// Blocks for one STS call: a diagnostic, not something to call in a loop.
    private static func whoami(_ s: LuaStack) throws -> LuaReturn {
        let client = try s.checkObject(at: 1, typeName: ScriptClient.luaTypeName, as: ScriptClient.self)
        do {
            let me = try WhoAmI.ask(client.api.configuration)
            s.push(LuaValue.map(Dictionary(me.fields.map { (LuaValue.text($0.0), LuaValue.text($0.1)) }) { first, _ in first }))
        } catch {
            let text = (error as? CredentialsError).map { "whoami: \($0.code): \($0.description)" } ?? "whoami: \(error)"
            throw LuaRaise.value(.text([s.userLocation(), client.api.redact(text)].compactMap { $0 }.joined(separator: ": ")))
        }
        return .values(1)
    }

    // MARK: - start

    /// `native.start(client, operation, params)` → handle, or `nil, error` when refused before sending.
    private func start(_ s: LuaStack) throws -> LuaReturn {
        let client = try s.checkObject(at: 1, typeName: ScriptClient.luaTypeName, as: ScriptClient.self)
        let name = try s.string(at: 2)
        // Once a stop is due nothing new is sent, not even from a coroutine the hook has not reached yet.
        if let reason = s.checkStop() {
            throw LuaRaise.message(reason == .timeout ? "timeout: \(name) not sent" : "stopped: \(name) not sent")
        }
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
                throw CallFailure(code: "Moongate.InvalidParameter", message: "params: expected a table of named parameters (got \(parameters.typeName))",
                                  operation: name)
            }
            try session.checkPolicy(operation, client: client, location: s.userLocation)
            let wire: [(String, String)]
            do {
                wire = try RequestEncoder.wireParameters(operation: operation, parameters: fields)
            } catch let error as ParameterError {
                throw CallFailure(code: error.code, message: error.message, operation: name)
            }
            let handle = newHandle()
            if session.options.isTestFile { session.callLog.append((name, parameters)) }
            if session.options.dryRun {
                try dryRun(operation, fields: fields, wire: wire, parameters, client: client, handle: handle, started: started, stack: s)
            } else {
                // --approved: a change the plan does not hold is refused here, before it is sent.
                let entry = try operation.mutates ? session.approved.map { try $0.claim(operation, wire: wire, mask: session.options.secrets) } : nil
                send(operation, wire: wire, parameters, client: client, handle: handle, started: started, approvedEntry: entry)
            }
            s.push(.int(handle))
            return .values(1)
        } catch var failure as CallFailure {
            // The script line is looked up only for a refusal: a stack walk kept off the hot path.
            failure.location = s.userLocation()
            session.auditCall(name, parameters, started: started, dryRun: session.options.dryRun, outcome: .failure(failure), attempts: 0,
                              client: client)
            return .values(s.push([.nil, failure.luaFields]))
        }
    }

    /// A dry run: a change is planned (not sent); a read the planned state knows is answered here; a
    /// list of backends once the plan changed some is the service's whole list with the plan applied;
    /// any other read is sent (and patched with the plan's changes when it comes back).
    private func dryRun(_ operation: CloudAPI.Operation, fields: [String: Value], wire: [(String, String)], _ parameters: Value,
                        client: ScriptClient, handle: Handle, started: TimeInterval, stack: LuaStack) throws {
        let local: Outcome
        if operation.mutates {
            local = .success(session.planCall(operation, request: fields, wire: wire))
        } else if let answer = session.answerPlannedRead(operation, request: fields) {
            local = answer
        } else if operation.name == "DescribeBackendList", !session.plannedState.isUntouched {
            finished[handle] = try plannedListing(operation, fields: fields, client: client, stack: stack)
            return
        } else {
            send(operation, wire: wire, parameters, client: client, handle: handle, started: started)
            return
        }
        session.auditCall(operation.name, parameters, started: started, dryRun: true, outcome: local, attempts: 0, client: client)
        finished[handle] = local
    }

    /// Every backend the service lists for the request's tags, read page by page (each read sent
    /// and audited), kept until the plan changes again; then the planned state's page of it.
    private func plannedListing(_ operation: CloudAPI.Operation, fields: [String: Value], client: ScriptClient,
                                stack: LuaStack) throws -> Outcome {
        // Name and type are filtered here, after the plan's renames; tags (which no planned change
        // alters) are left to the service.
        var query = fields.filter { !["PageNumber", "PageSize", "BackendName", "BackendType"].contains($0.key) }
        let key = (try? Value.object(query).jsonString()) ?? ""
        if let cached = listingCache, cached.key == key, cached.version == session.plannedState.version {
            return .success(session.plannedState.listing(cached.items, request: fields))
        }
        var all: [Value] = []
        query["PageSize"] = .int(100)
        for number in Int64(1)... {
            query["PageNumber"] = .int(number)
            let wire = try RequestEncoder.wireParameters(operation: operation, parameters: query)
            let page = newHandle()
            send(operation, wire: wire, .object(query), client: client, handle: page, started: ProcessInfo.processInfo.systemUptime)
            let outcome = try awaitAny([page], stack: stack).1
            guard case .success(let body) = outcome else { return outcome }
            let items = body["BackendInfoList"]?.arrayValue ?? []
            all += items
            if items.count < 100 || Int64(all.count) >= (body["TotalCount"]?.intValue ?? .max) { break }
        }
        listingCache = (key, session.plannedState.version, all)
        return .success(session.plannedState.listing(all, request: fields))
    }

    private func newHandle() -> Handle {
        defer { nextHandle += 1 }
        return nextHandle
    }

    // MARK: - send

    /// Puts the request on the loop (after the client's rate-limit slot, if it has one); the
    /// completion audits the call and files its outcome under `handle`.
    private func send(_ operation: CloudAPI.Operation, wire: [(String, String)], _ parameters: Value,
                      client: ScriptClient, handle: Handle, started: TimeInterval, approvedEntry: Int? = nil) {
        SecretFields.secretValues(in: parameters).forEach(session.options.secrets.add)
        let delay = client.rateLimiter?.reserve() ?? 0
        let task = client.api.start(operation, wire: wire, on: loop, after: delay) { [self] result in
            guard let call = inFlight.removeValue(forKey: handle) else { return }
            let outcome: Outcome
            var httpStatus: Int?
            var resolution: String?
            switch result {
            case .success(let response):
                httpStatus = response.httpStatus
                resolution = response.resolution
                SecretFields.secretValues(in: response.value).forEach(session.options.secrets.add)
                if let approvedEntry { session.approved?.completed(approvedEntry, response: response.value) }
                outcome = .success(session.options.dryRun ? session.plannedRead(operation, response: response.value) : response.value)
            case .failure(let error):
                outcome = .failure(CallFailure(error, operation: operation.name))
            }
            session.auditCall(operation.name, call.parameters, started: call.started, dryRun: false, outcome: outcome,
                              attempts: call.task.attemptsSent, throttled: call.task.throttledAttempts, httpStatus: httpStatus,
                              unknown: call.task.hadUnknownOutcome, resolution: resolution, client: client)
            finished[handle] = outcome
        }
        if !task.isFinished {
            inFlight[handle] = InFlight(task: task, operation: operation.name, parameters: parameters, started: started)
        }
    }

    /// `native.timer(seconds)`: a handle that completes with nil after `seconds`, on the loop.
    private func sleep(_ seconds: Double) -> Handle {
        let handle = newHandle()
        sleeping.insert(handle)
        loop.schedule(after: seconds) { [self] in
            sleeping.remove(handle)
            finished[handle] = .success(.null)
        }
        return handle
    }

    // MARK: - await

    /// Turns the loop until one of `handles` completes; the run's deadline and SIGINT/SIGTERM end
    /// the wait (what is in flight is cancelled by `stop`, at the end of the run).
    private func awaitAny(_ handles: [Handle], stack: LuaStack) throws -> (Handle, Outcome) {
        var done: (Handle, Outcome)?
        func take() -> Bool {
            for handle in handles {
                if let outcome = finished.removeValue(forKey: handle) {
                    done = (handle, outcome)
                    return true
                }
            }
            return false
        }
        if take() { return done! }
        guard handles.contains(where: { inFlight[$0] != nil || sleeping.contains($0) }) else {
            throw LuaRaise.message("no call in flight for handle(s) \(handles)")
        }
        try loop.run(until: take) {
            if let reason = stack.checkStop() {
                throw LuaRaise.message(reason == .timeout ? "timeout while waiting for an API call" : "stopped while waiting for an API call")
            }
        }
        return done!
    }

    /// Pushes `ok, value` for Lua: the response table, or the error's fields (Lua gives them the Error
    /// metatable). Returns 2, the count pushed.
    static func pushResult(_ outcome: Outcome, onto stack: LuaStack) -> Int32 {
        switch outcome {
        case .success(let value):
            stack.push(LuaValue.bool(true))
            value.push(onto: stack)
            return 2
        case .failure(let failure):
            return stack.push([.bool(false), failure.luaFields])
        }
    }

    // MARK: - stop

    /// How long a stopping run waits for the requests already on the wire (below the Watchdog's
    /// grace after --timeout, so the wait itself is never killed).
    static let drainSeconds = 1.0

    /// Ends the run's calls, sending nothing new: a call waiting for its rate-limit slot ends unsent
    /// (nothing reached the service, so no audit line); one waiting for a retry ends too, audited as
    /// abandoned with the attempts it sent; a request on the wire gets up to `drainSeconds` to complete
    /// and be audited as what it was, then it is cancelled and audited as abandoned, with the attempts
    /// it sent (any of which may have reached the service).
    func stop() {
        for (handle, call) in inFlight where !call.task.isSending {
            inFlight.removeValue(forKey: handle)  // first, so that the completion finds nothing to file
            call.task.cancel()
            if call.task.attemptsSent > 0 { auditAbandoned(call) }  // sent before, waiting for a retry now
        }
        for call in inFlight.values { call.task.forbidRetries() }
        let deadline = ProcessInfo.processInfo.systemUptime + Self.drainSeconds
        loop.run(until: { inFlight.isEmpty || ProcessInfo.processInfo.systemUptime >= deadline })
        let calls = inFlight
        inFlight.removeAll()
        for (_, call) in calls.sorted(by: { $0.key < $1.key }) {
            call.task.cancel()
            auditAbandoned(call)
        }
        sleeping.removeAll()
        finished.removeAll()
    }

    private func auditAbandoned(_ call: InFlight) {
        let failure = CallFailure(
            code: "Moongate.Abandoned",
            message: "the run stopped while this call was in flight; a request it sent may have reached the service",
            operation: call.operation)
        session.auditCall(call.operation, call.parameters, started: call.started, dryRun: false,
                          outcome: .failure(failure), attempts: call.task.attemptsSent, throttled: call.task.throttledAttempts,
                          unknown: call.task.hadUnknownOutcome)
    }
}
