// ===----------------------------------------------------------------------===
// ResponseCollector: gathers one response (status, retry-after header, body) on the event loop,
// refusing a body over the size limit as soon as it is announced or exceeded.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The response delegate of one attempt. Unlike async-http-client's `ResponseAccumulator`, a body
/// over the limit fails with an error that still carries the status and `x-acs-retry-after`, so
/// the caller can say which response was too large.
///
/// async-http-client calls a delegate on the request's event loop, one callback at a time; that is
/// what makes the unguarded state safe (hence `@unchecked Sendable`).
final class ResponseCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    struct Collected: Sendable {
        let status: Int
        let retryAfterHeader: String?
        let body: ByteBuffer
    }

    /// The body passed `limit` bytes; the request is abandoned.
    struct TooLarge: Error {
        let status: Int
        let retryAfterHeader: String?
    }

    private let limit: Int
    private var status = 0
    private var retryAfterHeader: String?
    private var body: ByteBuffer?

    init(limit: Int) { self.limit = limit }

    func didReceiveHead(task: HTTPClient.Task<Collected>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        retryAfterHeader = head.headers.first(name: "x-acs-retry-after")
        if let announced = head.headers.first(name: "content-length").flatMap(Int.init), announced > limit {
            return task.eventLoop.makeFailedFuture(TooLarge(status: status, retryAfterHeader: retryAfterHeader))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Collected>, _ part: ByteBuffer) -> EventLoopFuture<Void> {
        if (body?.readableBytes ?? 0) + part.readableBytes > limit {
            return task.eventLoop.makeFailedFuture(TooLarge(status: status, retryAfterHeader: retryAfterHeader))
        }
        if body == nil {
            body = part
        } else {
            var more = part
            body!.writeBuffer(&more)
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Collected>) throws -> Collected {
        Collected(status: status, retryAfterHeader: retryAfterHeader, body: body ?? ByteBuffer())
    }
}
