// ===----------------------------------------------------------------------===
// An external command (profile mode External, `process_command`) that prints credentials as JSON
// with the aliyun CLI profile's own keys: mode (AK or StsToken), access_key_id, access_key_secret,
// sts_token, expiration. Run without a shell, with a time limit; renewed 3 minutes before expiry,
// and on every use when it gives no expiration.
// ===----------------------------------------------------------------------===

import Foundation

/// ```swift
/// let provider = try ExternalProcessProvider(name: "profile ext (External)", command: "/usr/local/bin/get-creds --json")
/// ```
public struct ExternalProcessProvider: CredentialsProvider {
    public let name: String
    public let arguments: [String]
    public var timeout: TimeInterval = 60
    public var refresh: RefreshPolicy { .external }

    public init(name: String, command: String) throws {
        self.name = name
        self.arguments = try Self.split(command, source: name)
    }

    public func fetch() throws -> IssuedCredentials {
        let output = try run()
        guard let body = try? Value(json: output), case .object = body else {
            throw CredentialsError(name, "process_command printed something that is not a JSON object")
        }
        func field(_ key: String) -> String? { body[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        let mode = field("mode") ?? "AK"
        guard mode == "AK" || mode == "StsToken" else {
            throw CredentialsError(name, "process_command printed mode \(mode); it may print AK or StsToken")
        }
        guard let id = field("access_key_id"), let secret = field("access_key_secret") else {
            throw CredentialsError(name, "process_command printed no access_key_id or access_key_secret")
        }
        let token = field("sts_token")
        if mode == "StsToken", token == nil { throw CredentialsError(name, "process_command printed mode StsToken without sts_token") }
        var expiration: Date?
        if let text = field("expiration") {
            guard let date = SigningClock.parseTimestamp(text) else {
                throw CredentialsError(name, "process_command printed an expiration that is not YYYY-MM-DDTHH:MM:SSZ")
            }
            expiration = date
        } else {
            expiration = Date()  // no expiration: ask again next time, as the official provider does
        }
        return IssuedCredentials(Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: mode == "StsToken" ? token : nil),
                                 expiration: expiration)
    }

    /// Runs the command with stdin closed; its stderr goes to ours (it may prompt or explain).
    private func run() throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0].contains("/") ? arguments[0] : "/usr/bin/env")
        process.arguments = arguments[0].contains("/") ? Array(arguments.dropFirst()) : arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw CredentialsError(name, "cannot run process_command \(arguments[0]) (\(error.localizedDescription))")
        }
        let deadline = DispatchTime.now() + timeout
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: killer)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw CredentialsError(name, "process_command \(arguments[0]) was stopped after \(Int(timeout)) s or by a signal")
        }
        guard process.terminationStatus == 0 else {
            throw CredentialsError(name, "process_command \(arguments[0]) failed (exit \(process.terminationStatus))")
        }
        return Array(output)
    }

    /// Shell-like words: spaces separate, single and double quotes group, backslash escapes.
    static func split(_ command: String, source: String) throws -> [String] {
        var words: [String] = [], current = "", inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped { current.append(character); escaped = false; inWord = true; continue }
            if character == "\\", quote != "'" { escaped = true; continue }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" { quote = character; inWord = true; continue }
            if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        guard quote == nil, !escaped else {
            throw CredentialsError(source, "process_command has an unclosed quote", code: "Moongate.InvalidCredentials")
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw CredentialsError(source, "process_command is empty", code: "Moongate.InvalidCredentials") }
        return words
    }
}
