// ===----------------------------------------------------------------------===
// The aliyun CLI's ~/.aliyun/config.json: profiles, each with a mode and that mode's fields.
// Turning a profile into a credentials provider is AliyunCLIConfig+Provider.swift.
// ===----------------------------------------------------------------------===

/// The parts of the aliyun CLI config Moongate reads.
///
/// ```json
/// {"current": "default", "profiles": [{"name": "default", "mode": "AK",
///   "access_key_id": "…", "access_key_secret": "…", "region_id": "cn-hangzhou"}]}
/// ```
struct AliyunCLIConfig {
    struct Profile {
        let name: String
        /// Every string or number field, numbers as their text (`expired_seconds`), empty ones left out.
        let fields: [String: String]

        func field(_ key: String) -> String? { fields[key] }
        var regionId: String? { fields["region_id"] }

        /// The mode, or the one the CLI infers when it is empty (its `AutoModeRecognition`).
        var effectiveMode: String {
            if let mode = fields["mode"] { return mode }
            if fields["access_key_id"] != nil {
                if fields["ram_role_arn"] != nil { return "RamRoleArn" }
                return fields["sts_token"] != nil ? "StsToken" : "AK"
            }
            if fields["ram_role_name"] != nil { return "EcsRamRole" }
            if fields["process_command"] != nil { return "External" }
            if fields["oidc_provider_arn"] != nil { return "OIDC" }
            if fields["credentials_uri"] != nil { return "CredentialsURI" }
            return "AK"
        }
    }

    let current: String?
    let profiles: [Profile]

    /// Reads the file's JSON; `path` only names the file in errors.
    init(json bytes: [UInt8], path: String) throws {
        let root: Value
        do { root = try Value(json: bytes) } catch {
            throw ConfigurationError("\(path): cannot read the aliyun CLI config (\(error))")
        }
        guard case .object = root else { throw ConfigurationError("\(path): expected a JSON object at the top") }
        current = root["current"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        profiles = (root["profiles"]?.arrayValue ?? []).compactMap { entry in
            guard let name = entry["name"]?.stringValue, case .object(let members) = entry else { return nil }
            var fields: [String: String] = [:]
            for (key, value) in members {
                switch value {
                case .string(let text) where !text.isEmpty: fields[key] = text
                case .int(let number) where number != 0: fields[key] = String(number)
                default: break
                }
            }
            return Profile(name: name, fields: fields)
        }
    }

    func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }
}
