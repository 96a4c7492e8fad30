/// A request ready to send: the URL with its query, and the headers (signed for V3). Its
/// description and mirror leave out the query and header values, which may carry the STS token.
///
/// ```swift
/// let request = client.prepare(action: "DeleteBackend", parameters: [("BackendId", "b1")])
/// print(request)   // PreparedRequest(POST https://apigateway.cn-hangzhou.aliyuncs.com/, 10 headers)
/// ```
public struct PreparedRequest: Sendable, CustomStringConvertible, CustomReflectable {
    public let method: String
    public let url: String
    public let headers: [(String, String)]

    /// Method and URL without the query and header values, which may carry the STS token.
    public var description: String {
        "PreparedRequest(\(method) \(url.split(separator: "?", maxSplits: 1).first ?? ""), \(headers.count) headers)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description, "headerNames": headers.map(\.0)], displayStyle: .struct)
    }
}
