import CloudAPI
import Foundation
import LuaKit

/// What a plan was made from: the script and every module it required (by SHA-256), its `-p`
/// parameters, where it called (region, endpoint, account), Moongate's version and the time.
/// `--approved` refuses a plan whose record differs from the run about to start.
///
/// ```swift
/// let differences = approved.madeFrom.differences(from: now)
/// // ["the script scripts/cron/cleanup.lua (SHA-256 plan 3fa1…, now 9c2e…)"]
/// ```
public struct PlanProvenance: Sendable, Equatable {
    public struct Module: Sendable, Equatable {
        public let name: String
        public let path: String
        /// Empty when the file cannot be read (so it matches no recorded module).
        public let sha256: String

        init(name: String, path: String, sha256: String) {
            self.name = name
            self.path = path
            self.sha256 = sha256
        }

        /// The module file at `path` as it is now.
        init(reading path: String, name: String) {
            self.init(name: name, path: path, sha256: (try? LuaState.readFile(path)).map(Digest.sha256Hex) ?? "")
        }
    }

    public var script: String
    public var scriptSHA256: String
    public var modules: [Module]
    /// The `-p` parameters, secrets masked.
    public var params: [String: String]
    public var region: String?
    public var endpoint: String?
    /// STS GetCallerIdentity's AccountId, when the credentials allow asking.
    public var account: String?
    public var moongateVersion: String
    public var time: Date

    var json: Value {
        var fields: [String: Value] = [
            "script": .string(script),
            "script_sha256": .string(scriptSHA256),
            "modules": .array(modules.map { .object(["name": .string($0.name), "path": .string($0.path), "sha256": .string($0.sha256)]) }),
            "params": .object(params.mapValues(Value.string)),
            "moongate_version": .string(moongateVersion),
            "time": .string(SigningClock.timestamp(time)),
        ]
        if let region { fields["region"] = .string(region) }
        if let endpoint { fields["endpoint"] = .string(endpoint) }
        if let account { fields["account"] = .string(account) }
        return .object(fields)
    }

    init(script: String, scriptSHA256: String, modules: [Module], params: [String: String], region: String?,
         endpoint: String?, account: String?, moongateVersion: String = MoongateVersion.number, time: Date = Date()) {
        self.script = script
        self.scriptSHA256 = scriptSHA256
        self.modules = modules
        self.params = params
        self.region = region
        self.endpoint = endpoint
        self.account = account
        self.moongateVersion = moongateVersion
        self.time = time
    }

    /// Reads `made_from`; the message names the first field missing or malformed.
    init(json: Value) throws {
        func text(_ name: String) throws -> String {
            guard let value = json[name]?.stringValue else { throw PlanFileError("made_from.\(name): missing or not a string") }
            return value
        }
        script = try text("script")
        scriptSHA256 = try text("script_sha256")
        moongateVersion = try text("moongate_version")
        guard let time = SigningClock.parseTimestamp(try text("time")) else {
            throw PlanFileError("made_from.time: expected a time such as 2026-12-07T03:00:00Z")
        }
        self.time = time
        region = json["region"]?.stringValue
        endpoint = json["endpoint"]?.stringValue
        account = json["account"]?.stringValue
        var params: [String: String] = [:]
        if case .object(let fields)? = json["params"] { for (k, v) in fields { params[k] = v.stringValue ?? "" } }
        self.params = params
        var modules: [Module] = []
        if case .array(let items)? = json["modules"] {
            for item in items {
                guard let name = item["name"]?.stringValue, let path = item["path"]?.stringValue,
                      let sha = item["sha256"]?.stringValue else { throw PlanFileError("made_from.modules: each needs name, path and sha256") }
                modules.append(Module(name: name, path: path, sha256: sha))
            }
        }
        self.modules = modules
    }

    /// What differs between the plan's record (`self`) and `now`, one phrase each; empty when they
    /// agree. Modules are compared by their files as they are now (`now.modules` holds those).
    func differences(from now: PlanProvenance) -> [String] {
        var found: [String] = []
        func short(_ sha: String) -> String { String(sha.prefix(12)) + "…" }
        if script != now.script {
            found.append("the script (plan \(script), now \(now.script))")
        } else if scriptSHA256 != now.scriptSHA256 {
            found.append("the script \(script) (SHA-256 plan \(short(scriptSHA256)), now \(short(now.scriptSHA256)))")
        }
        let current = Dictionary(now.modules.map { ($0.path, $0.sha256) }) { first, _ in first }
        for module in modules where current[module.path] != module.sha256 {
            let what = current[module.path].map { "SHA-256 plan \(short(module.sha256)), now \(short($0))" } ?? "cannot be read now"
            found.append("module \(module.name) \(module.path) (\(what))")
        }
        if params != now.params {
            let keys = Set(params.keys).union(now.params.keys).filter { params[$0] != now.params[$0] }.sorted()
            found.append("the parameters " + keys.map { key in
                "\(key) (plan \(params[key].map { "\"\($0)\"" } ?? "unset"), now \(now.params[key].map { "\"\($0)\"" } ?? "unset"))"
            }.joined(separator: ", "))
        }
        func compare(_ name: String, _ planned: String?, _ current: String?) {
            if planned != current { found.append("the \(name) (plan \(planned ?? "unknown"), now \(current ?? "unknown"))") }
        }
        compare("region", region, now.region)
        compare("endpoint", endpoint, now.endpoint)
        if account != nil { compare("account", account, now.account) }
        compare("Moongate version", moongateVersion, now.moongateVersion)
        return found
    }
}

/// A plan file that cannot be used: the message says which line or field.
public struct PlanFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A plan file read back: what it was made from, its changes, and its SHA-256 (the digest to approve).
public struct PlanFile: Sendable {
    public let path: String
    public let madeFrom: PlanProvenance
    public let entries: [Plan.Entry]
    public let sha256: String

    public init(contentsOf path: String) throws {
        self.path = path
        let bytes: [UInt8]
        do { bytes = try LuaState.readFile(path) } catch {
            // LuaKit's message ends with the system's reason in parentheses; this one leads with the path.
            let text = "\(error)"
            let reason = text.range(of: " (", options: .backwards).map { String(text[$0.lowerBound...]) } ?? ""
            throw PlanFileError("\(path): cannot read it\(reason)")
        }
        sha256 = Digest.sha256Hex(bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first, let header = try? Value(json: Array(first.utf8)),
              header["moongate_plan"]?.intValue == Plan.formatVersion, let madeFrom = header["made_from"] else {
            throw PlanFileError("\(path):1: not a Moongate plan (expected {\"moongate_plan\":\(Plan.formatVersion),\"made_from\":…}: write one with --dry-run --plan)")
        }
        do { self.madeFrom = try PlanProvenance(json: madeFrom) } catch let error as PlanFileError {
            throw PlanFileError("\(path):1: \(error)")
        }
        var entries: [Plan.Entry] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard let value = try? Value(json: Array(line.utf8)), let entry = Plan.Entry(json: value) else {
                throw PlanFileError("\(path):\(index + 2): not a plan entry (expected {\"operation\":…,\"parameters\":{…}})")
            }
            entries.append(entry)
        }
        self.entries = entries
    }
}
