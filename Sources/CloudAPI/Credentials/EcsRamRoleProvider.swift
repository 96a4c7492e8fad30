// ===----------------------------------------------------------------------===
// The ECS instance's RAM role, from the metadata service at 100.100.100.200: IMDSv2 first (a session
// token from `PUT /latest/api/token`), v1 if that fails and is allowed. Short timeouts, so a host
// that is not on ECS fails this source within about a second.
// ===----------------------------------------------------------------------===

import Foundation

/// ```swift
/// let provider = EcsRamRoleProvider(environment: ProcessInfo.processInfo.environment)
/// ```
public struct EcsRamRoleProvider: CredentialsProvider {
    public static let defaultEndpoint = "http://100.100.100.200"
    public let name: String
    /// `http://100.100.100.200`, or `MOONGATE_ECS_METADATA_ENDPOINT` (tests point it at the emulator).
    public let endpoint: String
    /// nil: ask the metadata service which role the instance has.
    public let roleName: String?
    public let allowV1: Bool
    public var refresh: RefreshPolicy { .ecs }
    private let fetchSettings = BlockingFetch(connectTimeout: 1, readTimeout: 1)  // never through a proxy

    public init(name: String = "ECS instance role", roleName: String? = nil, environment: [String: String]) {
        self.name = name
        self.endpoint = environment["MOONGATE_ECS_METADATA_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEndpoint
        self.roleName = roleName.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["ALIBABA_CLOUD_ECS_METADATA"].flatMap { $0.isEmpty ? nil : $0 }
        self.allowV1 = environment["ALIBABA_CLOUD_IMDSV1_DISABLED"]?.lowercased() != "true"
    }

    public func fetch() throws -> IssuedCredentials {
        let headers = try sessionHeaders()
        let base = "\(endpoint)/latest/meta-data/ram/security-credentials/"
        let role: String
        if let roleName {
            role = roleName
        } else {
            let listing = try get(base, headers)
            role = listing.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !role.isEmpty else { throw CredentialsError(name, "the metadata service lists no RAM role for this instance") }
        }
        let text = try get(base + (role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? role), headers)
        guard let body = try? Value(json: text), case .object = body else {
            throw CredentialsError(name, "the metadata service answered role \(role) with something that is not JSON")
        }
        guard body["Code"]?.stringValue == "Success" else {
            throw CredentialsError(name, "the metadata service refused role \(role) (Code \(body["Code"]?.stringValue ?? "missing"))")
        }
        return try StsClient.issued(body, source: "\(name) \(role)", what: "the metadata service")
    }

    /// IMDSv2: a session token for the GETs; on failure no header (v1) when allowed.
    private func sessionHeaders() throws -> [(String, String)] {
        do {
            let reply = try fetchSettings.perform(method: "PUT", url: "\(endpoint)/latest/api/token",
                                                  headers: [("X-aliyun-ecs-metadata-token-ttl-seconds", "21600")], source: name)
            guard reply.status == 200, !reply.text.isEmpty else {
                throw CredentialsError(name, "the metadata service gave no IMDSv2 token (HTTP \(reply.status))")
            }
            return [("X-aliyun-ecs-metadata-token", reply.text.trimmingCharacters(in: .whitespacesAndNewlines))]
        } catch let error as CredentialsError {
            guard allowV1 else {
                throw CredentialsError(name, "\(error.detail); IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED=true)")
            }
            if error.detail.hasPrefix("cannot reach") { throw error }  // not on ECS: no point asking again
            return []
        }
    }

    private func get(_ url: String, _ headers: [(String, String)]) throws -> String {
        let reply = try fetchSettings.perform(method: "GET", url: url, headers: headers, source: name)
        guard reply.status == 200 else {
            throw CredentialsError(name, "the metadata service answered HTTP \(reply.status) for \(URL(string: url)?.path ?? url)")
        }
        return reply.text
    }
}
