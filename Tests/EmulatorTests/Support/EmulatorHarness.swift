// ===----------------------------------------------------------------------===
// An in-process emulator on an ephemeral port and a raw client that signs requests with
// CloudAPI's signers and sends them over real HTTP (async-http-client), so every test goes
// through the same wire path a real client does.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
import CloudAPI
import Emulator
import Foundation
import NIOCore
import XCTest

enum SignatureVersion { case v3, v1 }

/// A reply as the wire delivered it.
struct Reply {
    let status: Int
    let body: Value
    let headers: [(String, String)]

    var code: String? { body["Code"]?.stringValue }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
}

/// `@unchecked Sendable`: a test's own handle, used from that test's task only (`credentials` is
/// changed between calls, never during one); Sendable so async XCTest methods may hold it.
final class EmulatorHarness: @unchecked Sendable {
    let server: EmulatorServer
    let port: Int
    var credentials = Credentials(accessKeyId: EmulatorConfiguration.builtInAccessKey.id,
                                  accessKeySecret: EmulatorConfiguration.builtInAccessKey.secret)

    private init(server: EmulatorServer, port: Int) {
        self.server = server
        self.port = port
    }

    /// Starts an emulator on port 0 with the given changes to the default configuration.
    static func start(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        configuration.port = 0
        configure(&configuration)
        let server = EmulatorServer(configuration: configuration)
        let port = try await server.start()
        return EmulatorHarness(server: server, port: port)
    }

    func stop() async { await server.stop() }

    // MARK: - Sending

    /// Signs and sends one call; `parameters` go in the query as the SDK puts them.
    func call(_ action: String, _ parameters: [(String, String)] = [], signature: SignatureVersion = .v3,
              credentials: Credentials? = nil, date: Date = Date(), nonce: String = SigningClock.nonce(),
              version: String = Catalog.apiVersion) async throws -> Reply {
        switch signature {
        case .v3:
            return try await send(signedV3(action, parameters, credentials: credentials, date: date, nonce: nonce, version: version))
        case .v1:
            let query = SignerV1.sign(action: action, version: version, parameters: parameters,
                                      credentials: credentials ?? self.credentials, date: date, nonce: nonce)
            return try await send(post(query: Self.formEncode(query)))
        }
    }

    /// A V3-signed POST of `parameters`; `sentQuery` replaces the query that travels (tampering tests).
    func signedV3(_ action: String, _ parameters: [(String, String)], sentQuery: String? = nil,
                  credentials: Credentials? = nil, date: Date = Date(), nonce: String = SigningClock.nonce(),
                  version: String = Catalog.apiVersion) -> HTTPClientRequest {
        let headers = SignerV3.sign(action: action, version: version, host: "127.0.0.1:\(port)", query: parameters,
                                    credentials: credentials ?? self.credentials, date: date, nonce: nonce)
        var request = post(query: sentQuery ?? Self.formEncode(parameters))
        for (name, value) in headers where name != "host" { request.headers.add(name: name, value: value) }
        return request
    }

    /// An unsigned POST to the emulator with `query` as the URL's query.
    func post(query: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/?\(query)")
        request.method = .POST
        return request
    }

    /// Sends a request exactly as built (for tampering tests).
    func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let body = try Value(json: Array(buffer: bytes))
        return Reply(status: Int(response.status.code), body: body, headers: response.headers.map { ($0.name, $0.value) })
    }

    /// A call that must succeed; returns its body.
    @discardableResult
    func ok(_ action: String, _ parameters: [(String, String)] = [], signature: SignatureVersion = .v3,
            file: StaticString = #filePath, line: UInt = #line) async throws -> Value {
        let reply = try await call(action, parameters, signature: signature)
        XCTAssertEqual(reply.status, 200, "\(action): \(reply.body)", file: file, line: line)
        XCTAssertNotNil(reply.body["RequestId"]?.stringValue, "\(action): every answer has a RequestId", file: file, line: line)
        return reply.body
    }

    /// A call that must be refused with `code`; returns the reply.
    @discardableResult
    func refused(_ code: String, _ action: String, _ parameters: [(String, String)] = [], status: Int? = nil,
                 file: StaticString = #filePath, line: UInt = #line) async throws -> Reply {
        let reply = try await call(action, parameters)
        XCTAssertEqual(reply.code, code, "\(action): \(reply.body)", file: file, line: line)
        if let status { XCTAssertEqual(reply.status, status, file: file, line: line) }
        for field in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            XCTAssertNotNil(reply.body[field]?.stringValue, "error body has \(field)", file: file, line: line)
        }
        return reply
    }

    /// Creates an HTTP backend and returns its id.
    func createBackend(_ name: String, type: String = "HTTP", extra: [(String, String)] = []) async throws -> String {
        let body = try await ok("CreateBackend", [("BackendName", name), ("BackendType", type)] + extra)
        return try XCTUnwrap(body["BackendId"]?.stringValue)
    }

    /// The way the Python SDK writes a query: form encoding, `+` for a space.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formComponent($0.0))=\(formComponent($0.1))" }.joined(separator: "&")
    }

    private static func formComponent(_ text: String) -> String {
        PercentEncoding.encode(text).replacingOccurrences(of: "%20", with: "+")
    }
}
