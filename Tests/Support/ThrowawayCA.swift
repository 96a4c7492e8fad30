// ThrowawayCA: a certificate authority made with openssl for one test, and a server certificate it
// signed for 127.0.0.1 and localhost, so that TLS is exercised for real (verification on) on loopback.
import Foundation

/// PEM files in `dir`: `ca.pem` (what a client trusts), `server.pem` and `server-key.pem` (what the
/// emulator serves), plus `other-ca.pem`, a CA that signed nothing here (trusting it must fail).
///
/// ```swift
/// let ca = try ThrowawayCA(in: dir)
/// // moongate emulator --tls-cert ca.serverCertificate --tls-key ca.serverKey
/// // moongate run --ca-bundle ca.certificate --endpoint https://127.0.0.1:PORT …
/// ```
public struct ThrowawayCA {
    public let certificate: String
    public let serverCertificate: String
    public let serverKey: String
    public let otherCertificate: String

    public init(in dir: URL) throws {
        let openssl = try requiredProgram("/usr/bin/openssl", package: "openssl")
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        certificate = path("ca.pem")
        serverCertificate = path("server.pem")
        serverKey = path("server-key.pem")
        otherCertificate = path("other-ca.pem")
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca-key.pem"), "-out", certificate,
             "-days", "2", "-subj", "/CN=Moongate test CA"],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("other-ca-key.pem"), "-out", otherCertificate,
             "-days", "2", "-subj", "/CN=Some other CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", serverKey, "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", path("server.csr"), "-CA", certificate, "-CAkey", path("ca-key.pem"), "-CAcreateserial",
             "-out", serverCertificate, "-days", "2", "-extfile", path("server.ext")],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = openssl
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ToolFailure("openssl \(arguments.prefix(2).joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
            }
        }
    }
}

public struct ToolFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
