// A real HTTP server on 127.0.0.1 (swift-nio) that checks every request's signature with the
// library's own pure verify functions, counts attempts, and answers as each test scripts it:
// success, service errors, throttling, non-JSON or truncated bodies, dropped connections.

import CloudAPI
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `@unchecked Sendable`: its mutable records are behind `lock`; `channel` and `port` are set once in
/// `init` before any other thread can see the server.
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
            signatureVersion == "v1" ? query.filter { !SignatureVerifier.v1SignatureParameters.contains($0.0) } : query
        }
    }

    enum Reply: Sendable {
        case json(status: Int, body: String, headers: [(String, String)] = [])
        case raw(status: Int, body: [UInt8], contentType: String)
        /// Announces `declaredLength` bytes, sends `body`, closes the connection.
        case truncated(status: Int, body: [UInt8], declaredLength: Int)
        /// Closes the connection without answering.
        case drop
        /// Never answers (until the client gives up or the server shuts down).
        case stall
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
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
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
        // The body is only counted; every request of the 19 operations must have an empty one.
        let result = SignatureVerifier.verify(
            method: head.method.rawValue, path: path, query: query, headers: headers,
            body: Array(repeating: 0, count: bodyLength), secret: { self.secrets[$0] })
        switch result {
        case .success(let verified):
            return Received(
                method: head.method.rawValue, path: path, query: query, headers: headers, action: verified.action,
                signatureVersion: verified.version.rawValue, signatureProblem: nil, accessKeyId: verified.accessKeyId,
                securityToken: verified.securityToken, bodyLength: bodyLength)
        case .failure(let failure):
            let action = head.headers.first(name: "x-acs-action") ?? query.first { $0.0 == "Action" }?.1
            return Received(
                method: head.method.rawValue, path: path, query: query, headers: headers, action: action,
                signatureVersion: head.headers.contains(name: "authorization") ? "v3" : "v1",
                signatureProblem: failure.message, accessKeyId: nil, securityToken: nil, bodyLength: bodyLength)
        }
    }

    // MARK: - NIO handler

    private final class Handler: ChannelInboundHandler {
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
            case .stall:
                return
            }
            let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            if case .truncated = reply {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer())))).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            let close = closeAfter
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                if close { context.close(promise: nil) }
            }
        }
    }
}
