// ===----------------------------------------------------------------------===
// The Alibaba Cloud credentials ini file (~/.alibabacloud/credentials), as the official
// credentials libraries read it: one section per profile, with a `type` (access_key, sts, ram_role_arn,
// oidc_role_arn, ecs_ram_role).
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

    static let supportedTypes = ["access_key", "sts", "ram_role_arn", "oidc_role_arn", "ecs_ram_role"]

    /// The section's provider, nil when the section is absent or disabled (`enable = false`).
    /// `path` only names the file in errors.
    func provider(profile: String, path: String, context: CredentialsContext) throws -> (any CredentialsProvider)? {
        guard let section = sections[profile] else { return nil }
        if section["enable"]?.lowercased() == "false" { return nil }
        let type = section["type"] ?? "access_key"
        let name = "\(path) [\(profile)] (\(type))"
        func field(_ key: String) -> String? { section[key].flatMap { $0.isEmpty ? nil : $0 } }
        func required(_ key: String) throws -> String {
            guard let value = field(key) else {
                throw ConfigurationError("\(path): profile [\(profile)] (type \(type)) lacks \(key)", code: "Moongate.InvalidCredentials")
            }
            return value
        }
        func accessKey() throws -> Credentials {
            guard let id = field("access_key_id"), let secret = field("access_key_secret") else {
                throw ConfigurationError("\(path): profile [\(profile)] lacks access_key_id or access_key_secret",
                                         code: "Moongate.InvalidCredentials")
            }
            return Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: type == "sts" ? try required("security_token") : nil)
        }
        switch type {
        case "access_key", "sts":
            return StaticCredentialsProvider(try accessKey(), name: name)
        case "ram_role_arn":
            return RamRoleArnProvider(
                name: name, base: CredentialsSource(try accessKey(), name: name), roleArn: try required("role_arn"),
                sessionName: field("role_session_name") ?? context.value("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                durationSeconds: try RoleSession.duration(field("duration_seconds"), field: "duration_seconds", source: name),
                externalId: field("external_id"), policy: field("policy"),
                sts: try context.sts(profileEndpoint: field("sts_endpoint"), profileRegion: field("sts_region"), source: name))
        case "oidc_role_arn":
            return OIDCRoleArnProvider(
                name: name, roleArn: try required("role_arn"), providerArn: try required("oidc_provider_arn"),
                tokenFile: try required("oidc_token_file_path"),
                sessionName: field("role_session_name") ?? context.value("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                durationSeconds: try RoleSession.duration(field("duration_seconds"), field: "duration_seconds", source: name),
                policy: field("policy"),
                sts: try context.sts(profileEndpoint: field("sts_endpoint"), profileRegion: field("sts_region"), source: name))
        case "ecs_ram_role":
            return EcsRamRoleProvider(name: name, roleName: field("role_name"), environment: context.environment)
        default:
            throw ConfigurationError(
                "\(path): profile [\(profile)] has type \(type), which is not supported "
                    + "(supported types: \(Self.supportedTypes.joined(separator: ", ")))",
                code: "Moongate.UnsupportedCredentials")
        }
    }

    func region(profile: String) -> String? {
        sections[profile]?["region_id"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
