// A real HTTP server on 127.0.0.1 (swift-nio) that checks every request's signature with the
// library's own pure verify functions, counts attempts, and answers as each test scripts it:
// success, service errors, throttling, non-JSON or truncated bodies, dropped connections.

import CloudAPI
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

final class LoopbackServer: @unchecked Sendable {
    /// A request as the server saw it, after decoding and verification.
    struct Received: Sendable {
        let method: String
        let path: String
        /// The form-decoded query, in wire order.
        let query: [(String, String)]
        let headers: [(String, String)]
        let action: String?
        let signatureVersion: String
        /// nil when the signature matched; otherwise why not.
        let signatureProblem: String?
        let accessKeyId: String?
        let securityToken: String?
        let bodyLength: Int

        /// The operation's own parameters (V1's common parameters removed).
        var operationParameters: [(String, String)] {
            let common: Set = ["Action", "Format", "Version", "Timestamp", "SignatureNonce", "SignatureMethod",
                               "SignatureVersion", "AccessKeyId", "SecurityToken", "Signature"]
            return signatureVersion == "v1" ? query.filter { !common.contains($0.0) } : query
        }
    }

    enum Reply: Sendable {
        case json(status: Int, body: String, headers: [(String, String)] = [])
        case raw(status: Int, body: [UInt8], contentType: String)
        /// Announces `declaredLength` bytes, sends `body`, closes the connection.
        case truncated(status: Int, body: [UInt8], declaredLength: Int)
        /// Closes the connection without answering.
        case drop
    }

    /// Decides the reply for a verified request; `attempt` counts requests of that action (1-based).
    typealias Script = @Sendable (_ request: Received, _ attempt: Int) -> Reply

    private let lock = NSLock()
    private var received: [Received] = []
    private var attemptsByAction: [String: Int] = [:]
    private var acceptedConnections = 0
    private let secrets: [String: String]
    private let script: Script
    private var channel: Channel?

    private(set) var port = 0

    init(secrets: [String: String], script: @escaping Script) throws {
        self.secrets = secrets
        self.script = script
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                self.lock.withLock { self.acceptedConnections += 1 }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(server: self))
                }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    var requests: [Received] { lock.withLock { received } }
    func attempts(_ action: String) -> Int { lock.withLock { attemptsByAction[action] ?? 0 } }
    /// TCP connections accepted so far (keep-alive reuse keeps this low).
    var connections: Int { lock.withLock { acceptedConnections } }

    func shutdown() {
        try? channel?.close().wait()
    }

    // MARK: - Handling

    fileprivate func handle(head: HTTPRequestHead, bodyLength: Int) -> Reply {
        let request = verify(head: head, bodyLength: bodyLength)
        let attempt: Int = lock.withLock {
            received.append(request)
            let key = request.action ?? "?"
            attemptsByAction[key, default: 0] += 1
            return attemptsByAction[key]!
        }
        if let problem = request.signatureProblem {
            let body: Value = ["Code": "SignatureDoesNotMatch", "Message": .string(problem), "RequestId": "sig-error"]
            return .json(status: 400, body: (try? body.jsonString()) ?? "{}")
        }
        return script(request, attempt)
    }

    private func verify(head: HTTPRequestHead, bodyLength: Int) -> Received {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        let query = parts.count > 1 ? PercentEncoding.decodeQuery(parts[1]) : []
        let headers = head.headers.map { ($0.name, $0.value) }
        let method = head.method.rawValue
        if let authorization = head.headers.first(name: "authorization") {
            guard let auth = SignerV3.parseAuthorization(authorization) else {
                return received(method, path, query, headers, nil, "v3", "malformed Authorization", nil, nil, bodyLength)
            }
            var problem: String?
            let payloadHash = head.headers.first(name: "x-acs-content-sha256") ?? ""
            if let secret = secrets[auth.accessKeyId] {
                let canonical = SignerV3.canonicalRequest(
                    method: method, path: path, query: query, headers: headers, signedHeaderNames: auth.signedHeaders,
                    hashedPayload: payloadHash)
                let stringToSign = SignerV3.stringToSign(canonicalRequest: canonical)
                if SignerV3.signature(stringToSign: stringToSign, secret: secret) != auth.signature {
                    problem = "server string to sign is: \(stringToSign)"
                }
            } else {
                problem = "unknown AccessKeyId \(auth.accessKeyId)"
            }
            for required in ["host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"]
            where !auth.signedHeaders.contains(required) {
                problem = problem ?? "\(required) is not signed"
            }
            if payloadHash != SignerV3.emptyPayloadHash || bodyLength != 0 { problem = problem ?? "body is not empty" }
            return received(method, path, query, headers, head.headers.first(name: "x-acs-action"), "v3", problem,
                            auth.accessKeyId, head.headers.first(name: "x-acs-security-token"), bodyLength)
        }
        let value: (String) -> String? = { name in query.first { $0.0 == name }?.1 }
        var problem: String?
        if let id = value("AccessKeyId"), let secret = secrets[id], let signature = value("Signature") {
            let expected = SignerV1.signature(stringToSign: SignerV1.stringToSign(method: method, query: query), secret: secret)
            if expected != signature { problem = "server string to sign is: \(SignerV1.stringToSign(method: method, query: query))" }
        } else {
            problem = "missing or unknown AccessKeyId or Signature"
        }
        return received(method, path, query, headers, value("Action"), "v1", problem, value("AccessKeyId"),
                        value("SecurityToken"), bodyLength)
    }

    private func received(
        _ method: String, _ path: String, _ query: [(String, String)], _ headers: [(String, String)], _ action: String?,
        _ version: String, _ problem: String?, _ accessKeyId: String?, _ token: String?, _ bodyLength: Int
    ) -> Received {
        Received(method: method, path: path, query: query, headers: headers, action: action, signatureVersion: version,
                 signatureProblem: problem, accessKeyId: accessKeyId, securityToken: token, bodyLength: bodyLength)
    }

    // MARK: - NIO handler

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: LoopbackServer
        var head: HTTPRequestHead?
        var bodyLength = 0

        init(server: LoopbackServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                bodyLength = 0
            case .body(let buffer):
                bodyLength += buffer.readableBytes
            case .end:
                guard let head else { return }
                respond(context: context, reply: server.handle(head: head, bodyLength: bodyLength), keepAlive: head.isKeepAlive)
            }
        }

        private func respond(context: ChannelHandlerContext, reply: Reply, keepAlive: Bool) {
            var status = 200
            var body: [UInt8] = []
            var headers = HTTPHeaders()
            var closeAfter = !keepAlive
            switch reply {
            case .json(let code, let text, let extra):
                status = code
                body = Array(text.utf8)
                headers.add(name: "content-type", value: "application/json;charset=utf-8")
                for (name, value) in extra { headers.add(name: name, value: value) }
                headers.add(name: "content-length", value: String(body.count))
            case .raw(let code, let bytes, let contentType):
                status = code
                body = bytes
                headers.add(name: "content-type", value: contentType)
                headers.add(name: "content-length", value: String(body.count))
            case .truncated(let code, let bytes, let declared):
                status = code
                body = bytes
                headers.add(name: "content-type", value: "application/json")
                headers.add(name: "content-length", value: String(declared))
                closeAfter = true
            case .drop:
                context.close(promise: nil)
                return
            }
            let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            if case .truncated = reply {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer())))).whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if closeAfter { context.close(promise: nil) }
            }
        }
    }
}
