// RunOptions: everything that shapes one script run, for the CLI and for Swift apps alike.
import CloudAPI
import Foundation

/// How to run one script.
///
/// ```swift
/// var options = RunOptions(scriptPath: "hello.lua")
/// options.params = ["name": "demo"]
/// options.timeout = 30
/// let status = ScriptRunner.runReportingErrors(options)   // an ExitStatus
/// ```
public struct RunOptions: Sendable {
    /// The script file (shown in messages as given).
    public var scriptPath: String
    /// Positional arguments: `arg[1...]` and `...`.
    public var arguments: [String]
    /// `-p KEY=VALUE` parameters: the global `params` and `require("moongate").params`.
    public var params: [String: String]
    /// Re-enables `os.execute` and `io.popen`.
    public var allowExec: Bool
    /// Wall-time bound of the whole run in seconds.
    public var timeout: Double?
    /// Bound of Lua's heap in bytes.
    public var memoryLimit: Int?
    /// How `moongate.log` writes.
    public var logFormat: LogFormat
    /// Team library folders (searched as DIR/?.lua and DIR/?/init.lua), before MOONGATE_PATH's.
    public var libraryPaths: [String]
    /// The environment (MOONGATE_PATH, MOONGATE_AUDIT, MOONGATE_ALLOW and the credential variables).
    public var environment: [String: String]

    // MARK: API Gateway (the default client `apigateway.default`)

    /// `--region`; else ALIBABA_CLOUD_REGION_ID, else the profile's region.
    public var region: String?
    /// `--profile` of the aliyun CLI's config.json.
    public var profile: String?
    /// `--endpoint URL` instead of https://apigateway.<region>.aliyuncs.com.
    public var endpoint: String?
    /// `--emulator`: start the emulator in-process on a loopback port and point the default client at it.
    public var useEmulator: Bool = false
    /// `--emulator-seed FILE`: the emulator's starting state (default: the built-in demo seed).
    public var emulatorSeedPath: String?
    /// What `--emulator` starts: the command line gives `EmulatorGateway.provider` (MoongateEmulator);
    /// nil: `--emulator` is refused with a clear error.
    public var localGateway: LocalGatewayProvider?
    /// `--signature v3|v1` for the default client.
    public var signature: String?
    /// `--proxy URL` instead of HTTPS_PROXY and the like (`""`: none). Its password is a secret.
    public var proxy: String?
    /// `--ca-bundle FILE`: trust these CAs (PEM) instead of SSL_CERT_FILE or the system's.
    public var caBundle: String?
    /// The retry deadline (seconds) of clients that set no `retry_deadline` of their own; nil: CloudAPI's.
    public var defaultRetryDeadline: Double?
    /// A test file of `moongate test`: the in-process emulator starts empty (or from
    /// `emulatorSeedPath`), the calls are recorded and `moongate.test` can drive the emulator.
    var isTestFile = false

    // MARK: Safety

    /// `--dry-run`: reads are sent, mutating calls are planned (printed, recorded) and not sent.
    public var dryRun: Bool = false
    /// `--plan FILE`: the dry run's plan as JSON lines.
    public var planPath: String?
    /// `--approved FILE`: a real run that may make only the changes of this plan (an earlier dry run's `--plan`).
    public var approvedPlanPath: String?
    /// `--max-plan-age`: `--approved` refuses a plan made longer ago than this, in seconds.
    public var maxPlanAge: TimeInterval = 24 * 3600
    /// `--audit FILE` (else MOONGATE_AUDIT): one JSON line per call outcome.
    public var auditPath: String?
    /// `--allow GLOBS` (else MOONGATE_ALLOW): the only operations this run may call.
    public var allow: String?
    /// `--confirm GLOBS`: operations that ask before each call (refused without a TTY unless `yes`).
    public var confirm: String?
    /// `--yes`: answer yes to confirmations (destructive steps, `--confirm` operations).
    public var assumeYes: Bool = false

    // MARK: Unattended runs

    /// `--lock FILE`: an flock held for the whole run; a second run exits 75 at once.
    public var lockPath: String?
    /// `--journal FILE`: runbook journal (default: beside the audit log).
    public var journalPath: String?
    /// `--resume`: continue a failed runbook after its last completed step.
    public var resume: Bool = false
    /// The secret values this run knows (credentials, tokens, proxy passwords, secret fields seen,
    /// `moongate.secret(v)`): masked in its output, audit, plan and journal.
    public var secrets = SecretMask()
    /// `--allow-read PATH…`, `--allow-write PATH…`, `--allow-all-files`: files a script may touch
    /// beyond the working, script, library and temp folders (see FilePermissions).
    public var allowRead: [String] = []
    public var allowWrite: [String] = []
    public var allowAllFiles = false

    public init(scriptPath: String, arguments: [String] = [], params: [String: String] = [:],
                allowExec: Bool = false, timeout: Double? = nil, memoryLimit: Int? = nil,
                logFormat: LogFormat = .text, libraryPaths: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.scriptPath = scriptPath
        self.arguments = arguments
        self.params = params
        self.allowExec = allowExec
        self.timeout = timeout
        self.memoryLimit = memoryLimit
        self.logFormat = logFormat
        self.libraryPaths = libraryPaths
        self.environment = environment
    }

    /// The audit log path: `--audit`, else MOONGATE_AUDIT.
    public var effectiveAuditPath: String? { auditPath ?? environment["MOONGATE_AUDIT"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Where runbook `name` keeps its journal: `--journal FILE`, else NAME.journal.json beside the
    /// audit log, else in the current folder. Scripts never write a `*.journal.json` themselves.
    public func journalPath(runbook name: String) -> String {
        if let journalPath { return journalPath }
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return c.isASCII && (c.isLetter || c.isNumber || "-_.".contains(c)) ? c : "_"
        })
        let file = safe + Self.journalSuffix
        guard let audit = effectiveAuditPath, audit.contains("/") else { return file }
        let folder = (audit as NSString).deletingLastPathComponent
        return folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
    }

    public static let journalSuffix = ".journal.json"

    /// The operation allow-list: `--allow`, else MOONGATE_ALLOW.
    public var effectiveAllow: String? { allow ?? environment["MOONGATE_ALLOW"].flatMap { $0.isEmpty ? nil : $0 } }

    /// `libraryPaths` followed by the folders of MOONGATE_PATH (colon-separated).
    public var searchFolders: [String] {
        let fromEnv = (environment["MOONGATE_PATH"] ?? "").split(separator: ":").map(String.init)
        return (libraryPaths + fromEnv).filter { !$0.isEmpty }
    }
}
