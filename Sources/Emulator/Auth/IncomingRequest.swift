// ===----------------------------------------------------------------------===
// A received request reduced to what the checks need: method, path, the form-decoded query, the
// headers (lower-cased names, `host` included) and the body.
// ===----------------------------------------------------------------------===

import CloudAPI

struct IncomingRequest: Sendable {
    let method: String
    let path: String
    /// Query pairs after form-decoding (`+` is a space), in arrival order.
    let query: [(String, String)]
    /// Header pairs with lower-case names, as given (HTTPTypes' canonical names are lower-cased
    /// already); `host` is restored from the HTTP/1 authority.
    let headers: [(String, String)]
    let body: [UInt8]

    init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = PercentEncoding.decode(parts.first ?? "/", plusAsSpace: false)
        self.query = parts.count > 1 ? PercentEncoding.decodeQuery(parts[1]) : []
        self.headers = headers
        self.body = body
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }

    /// The query as a dictionary (a repeated key keeps its last value, as the service reads it).
    var parameters: [String: String] {
        Dictionary(query, uniquingKeysWith: { _, last in last })
    }
}
