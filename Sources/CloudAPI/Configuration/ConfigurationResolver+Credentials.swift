// ===----------------------------------------------------------------------===
// The default credentials chain, in the official order: explicit → environment AccessKey → OIDC
// from the environment → aliyun CLI profile → credentials ini → ECS instance role → credentials URI.
// A source that is absent is passed over (and said so if nothing works); a source that is there but
// broken (a profile missing a field, STS refusing the role) is an error at once, since falling
// through to another identity would be a surprise.
// ===----------------------------------------------------------------------===

import Foundation

extension ConfigurationResolver {
    public func resolveCredentials(_ options: Options = Options()) throws -> ResolvedCredentials {
        try resolveCredentials(options, context: resolveNetwork(options, scheme: "https"))
    }

    func resolveCredentials(_ options: Options, context: CredentialsContext) throws -> ResolvedCredentials {
        if let explicit = options.credentials {
            return ResolvedCredentials(credentialsSource: CredentialsSource(explicit, name: "explicit"), credentials: explicit,
                                       source: "explicit", profileRegion: profileRegion(options))
        }
        var tried: [String] = []
        // Naming a profile (--profile) is itself a choice: the environment's keys do not override it.
        if options.profile == nil {
            if let fromEnvironment = try environmentCredentials() {
                return ResolvedCredentials(credentialsSource: CredentialsSource(fromEnvironment, name: "environment"),
                                           credentials: fromEnvironment, source: "environment", profileRegion: profileRegion(options))
            }
            tried.append("environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set")
            if let oidc = try environmentOIDC(context) { return try use(oidc, profileRegion: profileRegion(options)) }
            tried.append("OIDC: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not all set")
        }

        let cliPath = displayPath(cliConfigPath)
        if environment["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"]?.lowercased() == "true" {
            tried.append("\(cliPath): skipped (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)")
        } else if let config = try cliConfig() {
            let name = profileName(in: config, options)
            if let profile = config.profile(named: name) {
                return try use(config.provider(for: profile, path: cliPath, context: context), profileRegion: profile.regionId)
            }
            tried.append("\(cliPath): no profile \"\(name)\"")
        } else {
            tried.append("\(cliPath): no such file")
        }

        let (iniFullPath, ini) = try credentialsFile()
        let iniPath = displayPath(iniFullPath)
        let section = namedProfile(options) ?? "default"
        if let ini, let provider = try ini.provider(profile: section, path: iniPath, context: context) {
            return try use(provider, profileRegion: ini.region(profile: section))
        }
        tried.append(ini == nil ? "\(iniPath): no such file" : "\(iniPath): no section [\(section)]")

        if let name = namedProfile(options) {
            throw ConfigurationError("profile \"\(name)\" not found in \(cliPath) or \(iniPath)", code: "Moongate.NoCredentials")
        }

        if environment["ALIBABA_CLOUD_ECS_METADATA_DISABLED"]?.lowercased() == "true" {
            tried.append("ECS instance role: skipped (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)")
        } else {
            let ecs = EcsRamRoleProvider(environment: environment)
            do {
                return try use(ecs, profileRegion: nil)
            } catch let error as ConfigurationError where error.code == "Moongate.CredentialsFailed" {
                tried.append(error.message)
            }
        }

        if let uri = environment["ALIBABA_CLOUD_CREDENTIALS_URI"], !uri.isEmpty {
            return try use(CredentialsURIProvider(name: "ALIBABA_CLOUD_CREDENTIALS_URI", uri: uri, caBundle: context.caBundle),
                           profileRegion: nil)
        }
        tried.append("credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set")

        throw ConfigurationError(
            "no credentials found (tried \(tried.joined(separator: "; "))): set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                + "ALIBABA_CLOUD_ACCESS_KEY_SECRET, run `aliyun configure` (\(cliPath)), or write \(iniPath)",
            code: "Moongate.NoCredentials")
    }

    /// Fetches from `provider` once, so a source that does not work is known now, not at the first call.
    private func use(_ provider: any CredentialsProvider, profileRegion: String?) throws -> ResolvedCredentials {
        let source = CredentialsSource(provider: provider)
        do {
            let credentials = try source.current()
            return ResolvedCredentials(credentialsSource: source, credentials: credentials, source: provider.name,
                                       profileRegion: profileRegion)
        } catch let error as CredentialsError {
            throw ConfigurationError(error.description, code: error.code)
        }
    }

    private func environmentCredentials() throws -> Credentials? {
        let id = environment["ALIBABA_CLOUD_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil): return nil
        case (let id?, let secret?):
            return Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: environment["ALIBABA_CLOUD_SECURITY_TOKEN"])
        case (nil, _):
            throw ConfigurationError("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not")
        case (_, nil):
            throw ConfigurationError("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
        }
    }

    /// RRSA: all three variables set (as the official chain requires), else nil.
    private func environmentOIDC(_ context: CredentialsContext) throws -> OIDCRoleArnProvider? {
        guard let role = context.value("ALIBABA_CLOUD_ROLE_ARN"), let provider = context.value("ALIBABA_CLOUD_OIDC_PROVIDER_ARN"),
            let tokenFile = context.value("ALIBABA_CLOUD_OIDC_TOKEN_FILE")
        else { return nil }
        let name = "environment (OIDC)"
        return OIDCRoleArnProvider(name: name, roleArn: role, providerArn: provider, tokenFile: tokenFile,
                                   sessionName: context.value("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                                   sts: try context.sts(source: name))
    }
}
