// ===----------------------------------------------------------------------===
// One request, end to end: faults → signature → action → parameters (catalog) → rules (store) →
// JSON answer with a RequestId. Errors become the service's error body.
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation
import HTTPTypes
import Hummingbird
import Logging

struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let configuration: EmulatorConfiguration
    let authenticator: RequestAuthenticator
    let rules: OperationRules
    let sts: StsRules
    let dice: FaultDice
    let quotas: QuotaBuckets
    let gauge: ConcurrencyGauge
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        gauge.enter()
        defer { gauge.leave() }
        let requestId = ServiceClock.newRequestId()
        let host = request.head.authority ?? "127.0.0.1"

        let (fault, faults) = dice.roll()
        if faults.delayMilliseconds > 0 {
            try? await Task.sleep(nanoseconds: UInt64(min(faults.delayMilliseconds, FaultPlan.maxMilliseconds)) * 1_000_000)
        }
        switch fault {
        case .throttle:
            return errorResponse(Self.throttled(retryAfter: faults.retryAfterMilliseconds), requestId, host)
        case .error5xx:
            return errorResponse(ServiceError(code: "ServiceUnavailable",
                message: "The request has failed due to a temporary failure of the server.", httpStatus: 503), requestId, host)
        case .reset:
            await ConnectionDrop.reset(context.channel)
            throw ConnectionDropped()
        case .none, .resetAfter:
            break
        }

        let outcome: Result<ResponseFields, ServiceError>
        do {
            let incoming = try await Self.incoming(request)
            let fields = try await handle(incoming)
            outcome = .success(fields)
        } catch let error as ServiceError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(.internalError("\(error)"))
        }
        if fault == .resetAfter {
            // The change (if any) is committed; the client never hears about it.
            await ConnectionDrop.reset(context.channel)
            throw ConnectionDropped()
        }
        switch outcome {
        case .success(var fields):
            fields["RequestId"] = .string(requestId)
            return jsonResponse(.object(fields), status: .ok)
        case .failure(let error):
            logger.debug("refused", metadata: ["code": .string(error.code), "requestId": .string(requestId)])
            return errorResponse(error, requestId, host)
        }
    }

    private func handle(_ incoming: IncomingRequest) async throws -> ResponseFields {
        // STS shares the port: told apart by its version, as the one endpoint serves both here.
        let query = incoming.parameters
        let version = query["Version"] ?? incoming.header("x-acs-version")
        if version == StsRules.version {
            let action = query["Action"] ?? incoming.header("x-acs-action") ?? ""
            if action == "AssumeRoleWithOIDC" {  // unsigned: the OIDC token is the proof
                return try sts.handle(action: action, parameters: query, caller: nil)
            }
            let caller = try authenticator.authenticate(incoming, version: StsRules.version)
            return try sts.handle(action: caller.action, parameters: caller.parameters, caller: caller)
        }
        let authenticated = try authenticator.authenticate(incoming)
        guard let operation = Catalog.operation(named: authenticated.action) else {
            throw ServiceError.invalidAction(authenticated.action)
        }
        // Before the parameters are read, as a gateway's flow control refuses before the service looks.
        if let wait = quotas.admit(operation: operation.name, accessKeyId: authenticated.accessKeyId) {
            throw Self.throttled(retryAfter: wait)
        }
        let parameters = try RequestParameters(operation: operation, query: authenticated.parameters)
        return try await rules.handle(operation, parameters)
    }

    // MARK: - Reading the request

    private static func incoming(_ request: Request) async throws -> IncomingRequest {
        // Canonical names are lower-case: what the signature checks compare against.
        var headers: [(String, String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
        // HTTP/1's Host header becomes the :authority pseudo-header; V3 signs it as `host`.
        if let authority = request.head.authority, !headers.contains(where: { $0.0 == "host" }) {
            headers.append(("host", authority))
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        return IncomingRequest(method: request.method.rawValue, target: request.head.path ?? "/",
                               headers: headers, body: Array(buffer: body))
    }

    // MARK: - Writing the answer

    /// Throttling: HTTP 400 as the service answers it (not 429), with `x-acs-retry-after` in ms.
    static func throttled(retryAfter: Int) -> ServiceError {
        ServiceError(code: "Throttling.User", message: "Request was denied due to user flow control.",
                     httpStatus: 400, headers: ["x-acs-retry-after": String(retryAfter)])
    }

    private func errorResponse(_ error: ServiceError, _ requestId: String, _ host: String) -> Response {
        let body: Value = [
            "RequestId": .string(requestId),
            "HostId": .string(host),
            "Code": .string(error.code),
            "Message": .string(error.message),
            "Recommend": .string("https://api.aliyun.com/troubleshoot?q=\(error.code)&product=CloudAPI&requestId=\(requestId)"),
        ]
        var response = jsonResponse(body, status: HTTPResponse.Status(code: error.httpStatus))
        for (name, value) in error.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    private func jsonResponse(_ value: Value, status: HTTPResponse.Status) -> Response {
        let bytes = (try? value.jsonBytes()) ?? Array(#"{"Code":"InternalError"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
