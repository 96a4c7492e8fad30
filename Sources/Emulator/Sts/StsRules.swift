// ===----------------------------------------------------------------------===
// The emulator's STS (version 2015-04-01), on the same port as the API: AssumeRole (signed),
// AssumeRoleWithOIDC (unsigned: the OIDC token is the proof) and GetCallerIdentity, in the
// service's answer shapes. Roles and OIDC providers come from the seed; with no `Roles` in the
// seed any well-formed role ARN of the emulator's account can be assumed (demo convenience).
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation

struct StsRules: Sendable {
    /// The account everything in the emulator belongs to.
    static let accountId = "1234567890123456"
    static let version = StsClient.version

    let configuration: EmulatorConfiguration
    let ledger: IssuedCredentialsLedger

    func handle(action: String, parameters: [String: String], caller: AuthenticatedRequest?) throws -> ResponseFields {
        switch action {
        case "AssumeRole":
            let role = try role(parameters)
            if let expected = role.ExternalId, parameters["ExternalId"] != expected {
                throw ServiceError(code: "NoPermission", message: "You are not authorized to do this action. (ExternalId does not match)",
                                   httpStatus: 403)
            }
            return try issue(role.RoleArn, parameters)
        case "AssumeRoleWithOIDC":
            let role = try role(parameters)
            try checkOIDC(parameters)
            return try issue(role.RoleArn, parameters)
        case "GetCallerIdentity":
            return identity(of: caller)
        default:
            throw ServiceError.invalidAction(action)
        }
    }

    // MARK: - Roles and OIDC providers

    private func role(_ parameters: [String: String]) throws -> EmulatorSeed.Role {
        guard let arn = parameters["RoleArn"], !arn.isEmpty else { throw ServiceError.missingParameter("RoleArn") }
        if let roles = configuration.seed?.Roles {
            guard let role = roles.first(where: { $0.RoleArn == arn }) else {
                throw ServiceError.notFound("EntityNotExist.Role", "The specified Role not exists. (RoleArn=\(arn))")
            }
            return role
        }
        guard arn.hasPrefix("acs:ram::\(Self.accountId):role/"), arn.count > "acs:ram::\(Self.accountId):role/".count else {
            throw ServiceError.notFound("EntityNotExist.Role", "The specified Role not exists. (RoleArn=\(arn))")
        }
        return EmulatorSeed.Role(RoleArn: arn)
    }

    private func checkOIDC(_ parameters: [String: String]) throws {
        guard let providerArn = parameters["OIDCProviderArn"], !providerArn.isEmpty else {
            throw ServiceError.missingParameter("OIDCProviderArn")
        }
        guard let token = parameters["OIDCToken"], !token.isEmpty else { throw ServiceError.missingParameter("OIDCToken") }
        let providers = configuration.seed?.OIDCProviders
        if let providers {
            guard let provider = providers.first(where: { $0.OIDCProviderArn == providerArn }) else {
                throw ServiceError.notFound("EntityNotExist.OIDCProvider",
                                            "The specified OIDCProvider not exists. (OIDCProviderArn=\(providerArn))")
            }
            if let tokens = provider.Tokens, !tokens.contains(token) {
                throw ServiceError(code: "InvalidParameter.OIDCToken", message: "The specified OIDCToken is invalid.")
            }
        }
    }

    // MARK: - Answers

    private func issue(_ roleArn: String, _ parameters: [String: String]) throws -> ResponseFields {
        guard let sessionName = parameters["RoleSessionName"], !sessionName.isEmpty else {
            throw ServiceError.missingParameter("RoleSessionName")
        }
        let requested = parameters["DurationSeconds"].map { Int($0) } ?? 3600
        guard let requested, (900...43200).contains(requested) else {
            throw ServiceError(code: "InvalidParameter.DurationSeconds",
                               message: "The parameter DurationSeconds must be between 900 and 43200. (\(parameters["DurationSeconds"] ?? ""))")
        }
        // `--sts-duration` shortens every session so tests can see credentials expire and renew.
        let lifetime = configuration.stsDuration.map { min($0, TimeInterval(requested)) } ?? TimeInterval(requested)
        let session = ledger.issue(roleArn: roleArn, sessionName: sessionName, lifetime: lifetime)
        let roleName = roleArn.split(separator: "/").last.map(String.init) ?? roleArn
        return [
            "Credentials": [
                "AccessKeyId": .string(session.accessKeyId),
                "AccessKeySecret": .string(session.accessKeySecret),
                "SecurityToken": .string(session.securityToken),
                "Expiration": .string(SigningClock.timestamp(session.expiration)),
            ],
            "AssumedRoleUser": [
                "Arn": .string("acs:ram::\(Self.accountId):assumed-role/\(roleName)/\(sessionName)"),
                "AssumedRoleId": .string("3\(Self.accountId.prefix(10)):\(sessionName)"),
            ],
        ]
    }

    private func identity(of caller: AuthenticatedRequest?) -> ResponseFields {
        if let id = caller?.accessKeyId, let session = ledger.session(for: id) {
            let roleName = session.roleArn.split(separator: "/").last.map(String.init) ?? session.roleArn
            return [
                "AccountId": .string(Self.accountId),
                "Arn": .string("acs:ram::\(Self.accountId):assumed-role/\(roleName)/\(session.sessionName)"),
                "IdentityType": "AssumedRoleUser",
                "PrincipalId": .string("3\(Self.accountId.prefix(10)):\(session.sessionName)"),
                "RoleId": .string("3\(Self.accountId.prefix(10))"),
            ]
        }
        return [
            "AccountId": .string(Self.accountId),
            "Arn": .string("acs:ram::\(Self.accountId):root"),
            "IdentityType": "Account",
            "PrincipalId": .string(Self.accountId),
            "UserId": .string(Self.accountId),
        ]
    }
}
