// ===----------------------------------------------------------------------===
// The STS credentials the emulator has issued: an `STS.` AccessKey, its secret and token, until
// when they hold, and whose session they are. The API side looks keys up here to check a
// request's SecurityToken and expiry, as the real gateway does with STS-issued keys.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

struct IssuedSession: Sendable {
    let accessKeyId: String
    let accessKeySecret: String
    let securityToken: String
    let expiration: Date
    let roleArn: String
    let sessionName: String
}

final class IssuedCredentialsLedger: Sendable {
    private struct Issued {
        var sessions: [String: IssuedSession] = [:]
        var count = 0
    }
    private let issued = Mutex(Issued())

    /// Mints a fresh key for `roleArn`, valid for `lifetime` seconds from `now`.
    func issue(roleArn: String, sessionName: String, lifetime: TimeInterval, now: Date = Date()) -> IssuedSession {
        let session = IssuedSession(
            accessKeyId: "STS." + Self.random(20), accessKeySecret: Self.random(32), securityToken: "CAIS" + Self.random(60),
            expiration: now.addingTimeInterval(lifetime), roleArn: roleArn, sessionName: sessionName)
        issued.withLock {
            $0.sessions[session.accessKeyId] = session
            $0.count += 1
        }
        return session
    }

    func session(for accessKeyId: String) -> IssuedSession? {
        issued.withLock { $0.sessions[accessKeyId] }
    }

    /// How many credentials were issued since start (tests read it to see a refresh happen).
    var count: Int { issued.withLock { $0.count } }

    private static func random(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
