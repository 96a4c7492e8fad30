// ===----------------------------------------------------------------------===
// The few libcurl facts the rest of the transport shares: one global initialisation, and the
// setopt wrappers with their result checked (a refused option is a bug here, never the user's).
// ===----------------------------------------------------------------------===

import CCurl

enum Curl {
    /// `curl_global_init` is not thread-safe and must run once before any handle exists.
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

/// An easy handle's options, set through the shim (curl_easy_setopt is variadic).
struct EasyHandle {
    let raw: UnsafeMutableRawPointer

    func set(_ option: CURLoption, _ value: Int) {
        let code = mg_curl_easy_setopt_long(raw, option, value)
        assert(code == CURLE_OK, "curl_easy_setopt(\(option)) failed: \(code)")
    }

    func set(_ option: CURLoption, _ value: String) {
        // libcurl copies string options (since 7.17), so the Swift string's buffer may go away after.
        let code = value.withCString { mg_curl_easy_setopt_string(raw, option, $0) }
        assert(code == CURLE_OK, "curl_easy_setopt(\(option)) failed: \(code)")
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) {
        let code = mg_curl_easy_setopt_pointer(raw, option, pointer)
        assert(code == CURLE_OK, "curl_easy_setopt(\(option)) failed: \(code)")
    }

    func set(_ option: CURLoption, callback: mg_curl_data_callback) {
        let code = mg_curl_easy_setopt_callback(raw, option, callback)
        assert(code == CURLE_OK, "curl_easy_setopt(\(option)) failed: \(code)")
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = mg_curl_easy_getinfo_long(raw, info, &value)
        return value
    }
}

/// The libcurl the binary runs with (the shared library's own answer, not the headers' at build time).
public enum Libcurl {
    /// `libcurl 7.88.1 (OpenSSL/3.0.15)`
    public static var version: String {
        guard let info = mg_curl_version_info() else { return "libcurl (unknown)" }
        let number = info.pointee.version.map { String(cString: $0) } ?? "?"
        let tls = info.pointee.ssl_version.map { " (\(String(cString: $0)))" } ?? ""
        return "libcurl \(number)\(tls)"
    }
}
