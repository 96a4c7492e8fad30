// ===----------------------------------------------------------------------===
// Transfer: one HTTP exchange on a libcurl easy handle — the options for one attempt, the body
// collected up to its limit, the one response header the client reads (`x-acs-retry-after`).
// ===----------------------------------------------------------------------===

import CCurl
import Foundation

/// How a transfer goes out: timeouts, size limit, proxy and CA bundle (from `ClientConfiguration`).
struct TransferSettings: Sendable {
    var connectTimeout: Double
    /// Connect plus read: libcurl's whole-transfer timeout, per attempt.
    var totalTimeout: Double
    var maxResponseBytes: Int
    /// The proxy this request goes through, nil for none (environment variables are not read here:
    /// `ProxyChoice` already decided, so an error can name the proxy).
    var proxy: ProxyURL?
    /// A PEM file of trusted CAs instead of the system's.
    var caBundle: String?
}

/// How a transfer ended.
enum TransferResult {
    case response(status: Int, body: [UInt8], retryAfter: String?)
    /// The body (or its announced length) passed `maxResponseBytes`; the transfer was abandoned.
    case tooLarge(status: Int, retryAfter: String?)
    /// libcurl's code and its error-buffer text; `sent`: whether request bytes went out.
    case failed(CURLcode, detail: String, sent: Bool)
    case cancelled
}

/// Owned by the `CallLoop` while active; libcurl's callbacks reach it through an unretained pointer
/// that the loop's table keeps valid.
final class Transfer {
    let easy: EasyHandle
    let completion: (TransferResult) -> Void
    private let limit: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var body: [UInt8] = []
    private var retryAfter: String?
    private var tooLarge = false

    /// - Parameter freshConnection: open a new connection instead of reusing a kept-alive one. libcurl
    ///   silently sends a request again when a reused connection dies before any response byte, which
    ///   must never happen to a write (the first copy may have reached the service).
    init(easy: EasyHandle, request: PreparedRequest, settings: TransferSettings, freshConnection: Bool,
         completion: @escaping (TransferResult) -> Void) {
        self.easy = easy
        self.completion = completion
        self.limit = settings.maxResponseBytes
        errorBuffer[0] = 0
        configure(request, settings)
        if freshConnection { easy.set(CURLOPT_FRESH_CONNECT, 1) }
    }

    deinit {
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: PreparedRequest, _ settings: TransferSettings) {
        easy.set(CURLOPT_URL, request.url)
        easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        switch request.method {
        case "GET":
            easy.set(CURLOPT_HTTPGET, 1)
        default:
            // An empty body: every parameter is in the query, as the SDK sends them. PUT (the ECS
            // metadata token) is the same exchange under another name.
            easy.set(CURLOPT_POST, 1)
            easy.set(CURLOPT_COPYPOSTFIELDS, "")
            if request.method != "POST" { easy.set(CURLOPT_CUSTOMREQUEST, request.method) }
        }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // Not signed and not sent by the SDK: "Name:" with no value tells libcurl to leave it out.
        headerList = curl_slist_append(headerList, "Content-Type:")
        headerList = curl_slist_append(headerList, "Expect:")
        easy.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headerList))
        // Signals stay with the runtime (SIGTERM, SIGINT); libcurl must not install its own.
        easy.set(CURLOPT_NOSIGNAL, 1)
        easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        easy.set(CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout * 1000))
        // The service never redirects an API call; following one would re-send a signed request elsewhere.
        easy.set(CURLOPT_FOLLOWLOCATION, 0)
        easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let bundle = settings.caBundle { easy.set(CURLOPT_CAINFO, bundle) }
        // Always set: an empty string stops libcurl reading proxy variables behind our back.
        easy.set(CURLOPT_PROXY, settings.proxy?.url ?? "")
        easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        let context = Unmanaged.passUnretained(self).toOpaque()
        easy.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        })
        easy.set(CURLOPT_WRITEDATA, pointer: context)
        easy.set(CURLOPT_HEADERFUNCTION, callback: { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        })
        easy.set(CURLOPT_HEADERDATA, pointer: context)
    }

    /// The result once libcurl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> TransferResult {
        let status = easy.info(CURLINFO_RESPONSE_CODE)
        if tooLarge { return .tooLarge(status: status, retryAfter: retryAfter) }
        guard code == CURLE_OK else {
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            return .failed(code, detail: detail, sent: easy.info(CURLINFO_REQUEST_SIZE) > 0)
        }
        return .response(status: status, body: body, retryAfter: retryAfter)
    }

    // MARK: - libcurl callbacks (on the loop's thread, inside curl_multi_perform)

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            tooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One header line (`Name: value\r\n`), or a status line. Only two headers matter, so a line is
    /// turned into a String only when its first letter could start one of them.
    private func receiveHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let first = line.first else { return true }
        switch first | 0x20 {  // ASCII lower case
        case UInt8(ascii: "h"):  // a status line: a new response (after `100 Continue`) starts afresh
            retryAfter = nil
            body.removeAll(keepingCapacity: true)
        case UInt8(ascii: "x"):
            if let value = Self.value(of: "x-acs-retry-after", in: line) { retryAfter = value }
        case UInt8(ascii: "c"):
            if let length = Self.value(of: "content-length", in: line).flatMap(Int.init) {
                if length > limit {
                    tooLarge = true
                    return false
                }
                body.reserveCapacity(length)
            }
        default: break
        }
        return true
    }

    /// The value of header `name` (lower case) if `line` is that header. Compares bytes, so the lines
    /// that do not match (nearly all) cost no String.
    private static func value(of name: StaticString, in line: UnsafeRawBufferPointer) -> String? {
        let count = name.utf8CodeUnitCount
        guard line.count > count, line[count] == UInt8(ascii: ":") else { return nil }
        for index in 0..<count where line[index] | 0x20 != name.utf8Start[index] | 0x20 { return nil }
        var start = count + 1, end = line.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
}
