// ===----------------------------------------------------------------------===
// An ECS instance metadata service on a port of its own (`--metadata-port`): IMDSv2 session tokens
// (`PUT /latest/api/token`), the instance's RAM role listing and its STS credentials
// (`/latest/meta-data/ram/security-credentials/[role]`), issued by the emulator's STS ledger so that
// the API accepts them. Without `--metadata-allow-v1`, a GET without a token is refused (403), as on
// an instance that enforces IMDSv2; `--metadata-v1-only` offers no tokens at all (an older instance).
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation
import Synchronization
import HTTPTypes
import Hummingbird

struct MetadataResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let settings: EmulatorConfiguration.Metadata
    let ledger: IssuedCredentialsLedger
    let tokens: MetadataTokens
    /// How long what it hands out lives (`--sts-duration` caps it; ECS roles default to 6 hours).
    let lifetime: TimeInterval

    static let tokenHeader = HTTPField.Name("X-aliyun-ecs-metadata-token")!
    static let ttlHeader = HTTPField.Name("X-aliyun-ecs-metadata-token-ttl-seconds")!
    static let credentialsPath = "/latest/meta-data/ram/security-credentials/"

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.head.path.map { String($0.split(separator: "?", maxSplits: 1)[0]) } ?? "/"
        if request.method == .put, path == "/latest/api/token", settings.v1Only {
            return text("not found", status: .notFound)
        }
        if request.method == .put, path == "/latest/api/token" {
            guard let ttl = request.headers[Self.ttlHeader].flatMap(Int.init), (1...21600).contains(ttl) else {
                return text("X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to 21600", status: .badRequest)
            }
            return text(tokens.issue(ttl: TimeInterval(ttl)))
        }
        guard request.method == .get else { return text("method not allowed", status: .methodNotAllowed) }
        if let token = request.headers[Self.tokenHeader] {
            guard tokens.isValid(token) else { return text("invalid or expired metadata token", status: .unauthorized) }
        } else if !settings.allowV1 {
            return text("IMDSv2 is enforced: PUT /latest/api/token first", status: .forbidden)
        }
        guard path.hasPrefix(Self.credentialsPath) else { return text("not found", status: .notFound) }
        let asked = String(path.dropFirst(Self.credentialsPath.count))
        if asked.isEmpty { return text(settings.role) }
        guard asked == settings.role else { return text("not found", status: .notFound) }

        let roleArn = "acs:ram::\(StsRules.accountId):role/\(settings.role)"
        let session = ledger.issue(roleArn: roleArn, sessionName: "ecs-instance", lifetime: lifetime)
        let body: Value = [
            "Code": "Success",
            "AccessKeyId": .string(session.accessKeyId),
            "AccessKeySecret": .string(session.accessKeySecret),
            "SecurityToken": .string(session.securityToken),
            "Expiration": .string(SigningClock.timestamp(session.expiration)),
            "LastUpdated": .string(SigningClock.timestamp(Date())),
        ]
        return text(String(decoding: try body.jsonBytes(), as: UTF8.self), contentType: "application/json")
    }

    private func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// IMDSv2 session tokens handed out and until when they hold.
final class MetadataTokens: Sendable {
    private let expiries = Mutex<[String: Date]>([:])

    func issue(ttl: TimeInterval) -> String {
        let token = UUID().uuidString + UUID().uuidString
        expiries.withLock { $0[token] = Date().addingTimeInterval(ttl) }
        return token
    }

    func isValid(_ token: String) -> Bool {
        expiries.withLock { $0[token].map { Date() < $0 } ?? false }
    }
}
