// ApiSession: the API layer of one run — clients, policy, dry-run plan, audit (the calls themselves: ApiBindings).
import CloudAPI
import Foundation
import LuaKit

/// Everything the Lua bindings share during one run. Audit, dry-run, policy and rate limits sit here,
/// around the CloudAPI call: CloudAPI knows nothing of scripts, LuaKit nothing of clouds.
///
/// ```swift
/// let session = try ApiSession(options: options)
/// let client = try session.makeClient(ScriptClientSettings())   // honours --emulator, --region, …
/// ```
final class ApiSession {
    let options: RunOptions
    let plan = Plan()
    let audit: AuditLog?
    /// Why `--plan` could not be written, when it could not (the run then exits 74).
    var planFailure: String?
    private let runAllow: GlobList?
    private let confirm: GlobList?
    var syntheticIds = SyntheticResponse.IdSequence()
    /// The dry run's view of the world once the plan's changes are made (reads are patched with it).
    let plannedState = PlannedState()
    /// `--approved`: the plan this run's mutating calls are held to (set by `checkApproval`).
    var approved: ApprovedPlan?
    /// The modules `require` loaded, for the plan's record.
    var requiredModules: [PlanProvenance.Module] = []
    /// The script's SHA-256, once read (for the plan's record).
    var scriptSHA256: String?
    private var emulator: (any LocalGateway)?
    /// `moongate test`: the calls sent in the current test, in order (operation, parameters as given).
    var callLog: [(operation: String, parameters: Value)] = []
    /// `moongate test`: seconds `t.clock.advance` moved the test's clock (and the emulator's) ahead.
    var clockAhead: Double = 0
    /// `apigateway.default` and every `apigateway.client{}` without options are this one client.
    private var defaultClient: ScriptClient?
    /// The pace learned from throttling, per (endpoint, operation), shared by every client and
    /// coroutine of this run (and by no other run in the process).
    private let rates = AdaptiveRates()

    init(options: RunOptions) throws {
        self.options = options
        audit = try options.effectiveAuditPath.map { try AuditLog(path: $0, mask: options.secrets) }
        options.secrets.add(environment: options.environment)
        runAllow = options.effectiveAllow.map(GlobList.init)
        confirm = options.confirm.map(GlobList.init)
    }

    // MARK: - Clients

    func makeClient(_ settings: ScriptClientSettings) throws -> ScriptClient {
        let isDefault = settings == ScriptClientSettings()
        if isDefault, let defaultClient { return defaultClient }
        var configuration = try resolveConfiguration(settings)
        if let signature = settings.signature ?? options.signature {
            configuration.signatureVersion = ClientConfiguration.SignatureVersion(rawValue: signature) ?? .v3
        }
        if let timeout = settings.timeout { configuration.readTimeout = timeout }
        if let retries = settings.retries { configuration.retry.maxAttempts = retries + 1 }
        if let deadline = settings.retryDeadline ?? options.defaultRetryDeadline { configuration.retry.deadline = deadline }
        configuration.rates = rates
        let api = try CloudAPIClient(configuration: configuration)
        options.secrets.add(source: { api.knownSecrets })
        let client = ScriptClient(
            api: api,
            allow: settings.allow.map(GlobList.init),
            rateLimiter: settings.rate.map(RateLimiter.init(callsPerSecond:)))
        if isDefault { defaultClient = client }
        return client
    }

    private func resolveConfiguration(_ settings: ScriptClientSettings) throws -> ClientConfiguration {
        let explicit = settings.accessKeyId.map {
            Credentials(accessKeyId: $0, accessKeySecret: settings.accessKeySecret ?? "", securityToken: settings.securityToken)
        }
        let endpoint = settings.endpoint ?? options.endpoint
        if options.useEmulator, endpoint == nil, explicit == nil, settings.profile == nil {
            guard let configuration = try inProcessEmulator().clientConfiguration(region: settings.region ?? options.region ?? "cn-hangzhou")
            else { throw ConfigurationError("--emulator: the emulator did not start") }
            return configuration
        }
        let resolver = ConfigurationResolver(environment: options.environment)
        return try resolver.resolve(.init(
            credentials: explicit, profile: settings.profile ?? options.profile,
            region: settings.region ?? options.region, endpoint: endpoint,
            proxy: settings.proxy ?? options.proxy, caBundle: settings.caBundle ?? options.caBundle))
    }

    /// `--emulator`: the in-process emulator (the options' `localGateway`), started on first use on an
    /// ephemeral loopback port. A test file's starts empty: its tests seed what they need.
    func inProcessEmulator() throws -> any LocalGateway {
        if let emulator { return emulator }
        guard let provider = options.localGateway else {
            throw ConfigurationError("--emulator: this build has no emulator (set RunOptions.localGateway, e.g. to EmulatorGateway.provider)")
        }
        let server = try provider(LocalGatewaySettings(seedPath: options.emulatorSeedPath, demoState: !options.isTestFile))
        _ = try blockingAwait { try await server.start() }
        emulator = server
        return server
    }

    // MARK: - Policy

    /// Refuses, before anything is sent, a call the run or the client may not make. `location` names the
    /// calling script line for the confirmation prompt (the caller adds it to a refusal).
    func checkPolicy(_ operation: CloudAPI.Operation, client: ScriptClient, location: () -> String?) throws {
        try checkAuditWorks(operation)
        if let runAllow, !runAllow.matches(operation.name) {
            throw CallFailure(code: "Moongate.Denied", message: "not allowed by --allow '\(runAllow)'",
                              operation: operation.name)
        }
        if let allow = client.allow, !allow.matches(operation.name) {
            throw CallFailure(code: "Moongate.Denied", message: "not allowed by this client's allow '\(allow)'",
                              operation: operation.name)
        }
        if let confirm, confirm.matches(operation.name), !options.assumeYes {
            let question = "\(location().map { "\($0): " } ?? "")call \(operation.name)?"
            switch Confirmation.ask(question) {
            case .yes: break
            case .no:
                throw CallFailure(code: "Moongate.Denied", message: "declined at the confirmation prompt (--confirm '\(confirm)')",
                                  operation: operation.name)
            case .noTerminal:
                throw CallFailure(code: "Moongate.Denied",
                                  message: "needs confirmation (--confirm '\(confirm)') but there is no terminal; pass --yes to allow it",
                                  operation: operation.name)
            }
        }
    }

    // MARK: - Output

    /// Dry-run output on stdout: the text line, or one JSON object per line under `--log-format json`
    /// (the default when stdout is not a terminal), so piped output stays machine-readable.
    func emit(text: String, json: [String: Value]) {
        print(line(text: text, json: json))
        fflush(nil)  // every stream: the C `stdout` global is not concurrency-safe to name in Swift 6
    }

    // MARK: - End of run

    /// A warning on stderr: the text, or a JSON object under `--log-format json`.
    func warn(text: String, json: [String: Value]) {
        ScriptRunner.printError(options.secrets.scrub(line(text: text, json: json.merging(["level": "warn"]) { a, _ in a })))
    }

    /// `text`, or under `--log-format json` the `json` object with `text` as its `msg`.
    private func line(text: String, json: [String: Value]) -> String {
        guard options.logFormat == .json,
              let line = try? Value.object(json.merging(["msg": .string(text)]) { a, _ in a }).jsonString() else { return text }
        return line
    }

    /// Prints the plan's summary, writes `--plan`, reports unused approvals, stops the emulator.
    func finish() {
        finishPlans()
        if let emulator {
            blockingAwait { await emulator.stop() }
            self.emulator = nil
        }
    }
}


