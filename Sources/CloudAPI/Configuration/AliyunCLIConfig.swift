// ===----------------------------------------------------------------------===
// The aliyun CLI's ~/.aliyun/config.json: profiles with a mode; AK and StsToken are supported.
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
        let mode: String
        let accessKeyId: String
        let accessKeySecret: String
        let stsToken: String
        let regionId: String?
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
            guard let name = entry["name"]?.stringValue else { return nil }
            func text(_ key: String) -> String { entry[key]?.stringValue ?? "" }
            return Profile(
                name: name, mode: text("mode"), accessKeyId: text("access_key_id"),
                accessKeySecret: text("access_key_secret"), stsToken: text("sts_token"),
                regionId: entry["region_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }
}

extension AliyunCLIConfig.Profile {
    static let supportedModes = ["AK", "StsToken"]

    /// The mode, `AK` when absent: very old CLI versions wrote no mode for an AccessKey profile.
    var effectiveMode: String { mode.isEmpty ? "AK" : mode }

    /// The profile's credentials; a clear error for a mode Moongate does not support or a
    /// profile without its keys. `path` only names the file in errors.
    func credentials(path: String) throws -> Credentials {
        guard Self.supportedModes.contains(effectiveMode) else {
            throw ConfigurationError(
                "\(path): profile \"\(name)\" uses mode \(effectiveMode), which is not supported "
                    + "(supported modes: \(Self.supportedModes.joined(separator: ", ")); or set ALIBABA_CLOUD_ACCESS_KEY_ID "
                    + "and ALIBABA_CLOUD_ACCESS_KEY_SECRET)",
                code: "Moongate.UnsupportedCredentials")
        }
        guard !accessKeyId.isEmpty, !accessKeySecret.isEmpty else {
            throw ConfigurationError("\(path): profile \"\(name)\" (mode \(effectiveMode)) lacks access_key_id or access_key_secret")
        }
        if effectiveMode == "StsToken" {
            guard !stsToken.isEmpty else {
                throw ConfigurationError("\(path): profile \"\(name)\" (mode StsToken) lacks sts_token")
            }
            return Credentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: stsToken)
        }
        return Credentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret)
    }
}
