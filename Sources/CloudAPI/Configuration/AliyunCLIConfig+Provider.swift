// ===----------------------------------------------------------------------===
// An aliyun CLI profile as a credentials provider, one mode at a time, with the CLI's field names.
// ===----------------------------------------------------------------------===

extension AliyunCLIConfig {
    static let supportedModes = ["AK", "StsToken", "RamRoleArn", "ChainableRamRoleArn", "EcsRamRole", "OIDC", "External",
                                 "CredentialsURI"]

    /// The provider for profile `name`; `path` names the file in messages. A profile with a mode
    /// Moongate does not support, or without a field its mode needs, is a `ConfigurationError`.
    func provider(for profile: Profile, path: String, context: CredentialsContext,
                  visiting: Set<String> = []) throws -> any CredentialsProvider {
        let mode = profile.effectiveMode
        let name = "\(path) profile \"\(profile.name)\" (\(mode))"
        func required(_ key: String) throws -> String {
            guard let value = profile.field(key) else {
                throw ConfigurationError("\(path): profile \"\(profile.name)\" (mode \(mode)) lacks \(key)",
                                         code: "Moongate.InvalidCredentials")
            }
            return value
        }
        func accessKey() throws -> Credentials {
            guard profile.field("access_key_id") != nil, profile.field("access_key_secret") != nil else {
                throw ConfigurationError("\(path): profile \"\(profile.name)\" (mode \(mode)) lacks access_key_id or access_key_secret",
                                         code: "Moongate.InvalidCredentials")
            }
            return Credentials(accessKeyId: try required("access_key_id"), accessKeySecret: try required("access_key_secret"),
                               securityToken: mode == "AK" ? nil : profile.field("sts_token"))
        }
        func assumeRole(base: CredentialsSource) throws -> RamRoleArnProvider {
            RamRoleArnProvider(
                name: name, base: base, roleArn: try required("ram_role_arn"),
                sessionName: profile.field("ram_session_name") ?? context.value("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                durationSeconds: try RoleSession.duration(profile.field("expired_seconds"), field: "expired_seconds", source: name),
                externalId: profile.field("external_id") ?? context.value("ALIBABA_CLOUD_EXTERNAL_ID"),
                sts: try context.sts(profileEndpoint: profile.field("sts_endpoint"), profileRegion: profile.field("sts_region"),
                                     source: name))
        }
        switch mode {
        case "AK":
            return StaticCredentialsProvider(try accessKey(), name: name)
        case "StsToken":
            _ = try required("sts_token")
            return StaticCredentialsProvider(try accessKey(), name: name)
        case "RamRoleArn":
            return try assumeRole(base: CredentialsSource(try accessKey(), name: name))
        case "ChainableRamRoleArn":
            let sourceName = try required("source_profile")
            guard !visiting.contains(sourceName), sourceName != profile.name else {
                throw ConfigurationError("\(path): profile \"\(profile.name)\": source_profile \"\(sourceName)\" leads back to itself",
                                         code: "Moongate.InvalidCredentials")
            }
            guard let source = self.profile(named: sourceName) else {
                throw ConfigurationError("\(path): profile \"\(profile.name)\": source_profile \"\(sourceName)\" does not exist",
                                         code: "Moongate.InvalidCredentials")
            }
            let base = try provider(for: source, path: path, context: context, visiting: visiting.union([profile.name]))
            return try assumeRole(base: CredentialsSource(provider: base))
        case "EcsRamRole":
            return EcsRamRoleProvider(name: name, roleName: profile.field("ram_role_name"), environment: context.environment)
        case "OIDC":
            return OIDCRoleArnProvider(
                name: name, roleArn: try required("ram_role_arn"), providerArn: try required("oidc_provider_arn"),
                tokenFile: try required("oidc_token_file"),
                sessionName: profile.field("ram_session_name") ?? context.value("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                durationSeconds: try RoleSession.duration(profile.field("expired_seconds"), field: "expired_seconds", source: name),
                sts: try context.sts(profileEndpoint: profile.field("sts_endpoint"), profileRegion: profile.field("sts_region"),
                                     source: name))
        case "External":
            do { return try ExternalProcessProvider(name: name, command: try required("process_command")) } catch let error as CredentialsError {
                throw ConfigurationError(error.description, code: error.code)
            }
        case "CredentialsURI":
            return CredentialsURIProvider(name: name, uri: try required("credentials_uri"), caBundle: context.caBundle)
        default:
            throw ConfigurationError(
                "\(path): profile \"\(profile.name)\" uses mode \(mode), which is not supported "
                    + "(supported modes: \(Self.supportedModes.joined(separator: ", ")); or set ALIBABA_CLOUD_ACCESS_KEY_ID "
                    + "and ALIBABA_CLOUD_ACCESS_KEY_SECRET)",
                code: "Moongate.UnsupportedCredentials")
        }
    }
}
