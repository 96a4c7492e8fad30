// ===----------------------------------------------------------------------===
// The Alibaba Cloud credentials ini file (~/.alibabacloud/credentials), as the official
// credentials libraries read it: one section per profile, `type = access_key` or `sts`.
// ===----------------------------------------------------------------------===

import Foundation

/// ```ini
/// [default]
/// enable = true
/// type = access_key
/// access_key_id = LTAI…
/// access_key_secret = …
/// ```
struct CredentialsFile {
    /// Section name → key → value (keys lower-cased, values trimmed and unquoted).
    let sections: [String: [String: String]]

    init(text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            sections[section]?[key] = value
        }
        self.sections = sections
    }

    static let supportedTypes = ["access_key", "sts"]

    /// The section's credentials, nil when the section is absent or disabled (`enable = false`).
    /// `path` only names the file in errors.
    func credentials(profile: String, path: String) throws -> Credentials? {
        guard let section = sections[profile] else { return nil }
        if section["enable"]?.lowercased() == "false" { return nil }
        let type = section["type"] ?? "access_key"
        guard Self.supportedTypes.contains(type) else {
            throw ConfigurationError(
                "\(path): profile [\(profile)] has type \(type), which is not supported "
                    + "(supported types: \(Self.supportedTypes.joined(separator: ", ")))",
                code: "Moongate.UnsupportedCredentials")
        }
        guard let id = section["access_key_id"], !id.isEmpty, let secret = section["access_key_secret"], !secret.isEmpty else {
            throw ConfigurationError("\(path): profile [\(profile)] lacks access_key_id or access_key_secret")
        }
        if type == "sts" {
            guard let token = section["security_token"], !token.isEmpty else {
                throw ConfigurationError("\(path): profile [\(profile)] (type sts) lacks security_token")
            }
            return Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token)
        }
        return Credentials(accessKeyId: id, accessKeySecret: secret)
    }

    func region(profile: String) -> String? {
        sections[profile]?["region_id"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
