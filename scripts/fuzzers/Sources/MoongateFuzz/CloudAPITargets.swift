// Fuzz targets over CloudAPI: the JSON codec, the request encoder + validation, the signature verifier.
import CloudAPI

extension FuzzTargets {
    /// Any bytes: decoding fails cleanly or gives a value whose encoding decodes again to the same
    /// encoding (the codec's canonical form is a fixed point).
    static func jsonRoundTrip(_ bytes: [UInt8]) {
        guard let value = try? Value(json: bytes) else { return }
        guard let encoded = try? value.jsonBytes() else { return }  // NaN/inf cannot come from JSON text, but stay total
        guard let again = try? Value(json: encoded) else { return check(false, "re-decoding \(encoded.count) bytes failed") }
        check((try? again.jsonBytes()) == encoded, "encoding is not a fixed point")
        _ = try? value.jsonBytes(.pretty)
    }

    /// First byte: the operation; the rest: JSON parameters (any shape). Validation refuses or encodes;
    /// an encoded request only holds pairs with names from the catalog.
    static func requestEncoder(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let operation = Catalog.all[Int(first) % Catalog.all.count]
        guard let value = try? Value(json: Array(bytes.dropFirst())), case .object(let fields) = value else { return }
        guard let pairs = try? RequestEncoder.wireParameters(operation: operation, parameters: fields) else { return }
        let names = Set(operation.parameters.map(\.name))
        for (name, _) in pairs {
            let root = String(name.prefix { $0 != "." })
            check(names.contains(root), "\(operation.name): wire name \(name) is not a parameter")
        }
    }

    /// Lines: method, target (path?query), headers (`name: value`), a blank line, the body. The verifier
    /// answers ok or a Failure for anything; never a crash.
    static func signatureVerifier(_ bytes: [UInt8]) {
        let request = FuzzRequest(bytes)
        let parts = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.count > 1 ? PercentEncoding.decodeQuery(parts[1]) : []
        let result = SignatureVerifier.verify(method: request.method, path: String(parts.first ?? "/"), query: query,
                                              headers: request.headers, body: request.body) { id in
            id.isEmpty ? nil : "fuzz-secret"
        }
        if case .failure(let failure) = result { _ = "\(failure)" }
    }
}

/// An HTTP request carved out of fuzz bytes (see `signatureVerifier`).
struct FuzzRequest {
    var method = "POST"
    var target = "/"
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    init(_ bytes: [UInt8]) {
        let split = bytes.firstRange(of: [10, 10])
        let head = String(decoding: split.map { bytes[..<$0.lowerBound] } ?? bytes[...], as: UTF8.self)
        body = split.map { Array(bytes[$0.upperBound...]) } ?? []
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        if let line = lines.next() { method = String(line) }
        if let line = lines.next() { target = String(line) }
        while let line = lines.next() {
            let pair = line.split(separator: ":", maxSplits: 1)
            headers.append((String(pair.first ?? ""), pair.count > 1 ? String(pair[1].drop { $0 == " " }) : ""))
        }
    }
}
