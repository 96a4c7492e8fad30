// SecretMask and StreamMasker: the one value-masking rule, over whole texts and over streams cut
// at every possible place.
@testable import CloudAPI
import Synchronization
import XCTest

final class SecretMaskTests: XCTestCase {
    func testEveryFormOfASecretIsMasked() {
        let mask = SecretMask()
        mask.add("p@ss/wörd\"1")
        mask.add("abc")  // too short to mask: it would garble output and hide nothing
        XCTAssertEqual(mask.scrub("raw p@ss/wörd\"1 abc"), "raw *** abc")
        XCTAssertEqual(mask.scrub("url p%40ss%2Fw%C3%B6rd%221 and twice p%2540ss%252Fw%25C3%25B6rd%25221"), "url *** and twice ***")
        XCTAssertEqual(mask.scrub(#"json {"v":"p@ss\/wörd\"1"} or {"v":"p@ss/wörd\"1"}"#), #"json {"v":"***"} or {"v":"***"}"#)
        let renewed = Shared(["first-token-1"])
        mask.add(source: { renewed.value })
        XCTAssertEqual(mask.scrub("first-token-1"), "***")
        renewed.value = ["second-token-2"]
        XCTAssertEqual(mask.scrub("second-token-2 first-token-1"), "*** first-token-1", "sources are read at each use")
    }

    func testEnvironmentSecretsAndWhatIsHiddenFromScripts() {
        let mask = SecretMask()
        mask.add(environment: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-secret-1", "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/token",
                               "HTTPS_PROXY": "http://user:proxy-pass-9@proxy:3128", "PATH": "/usr/bin"])
        XCTAssertEqual(mask.scrub("env-secret-1 /var/token proxy-pass-9 /usr/bin"), "*** /var/token *** /usr/bin")
        for hidden in ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "DB_PASSWORD"] {
            XCTAssertTrue(SecretMask.isHiddenVariable(hidden), hidden)
        }
        for visible in ["HOME", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_REGION_ID", "MOONGATE_PATH"] {
            XCTAssertFalse(SecretMask.isHiddenVariable(visible), visible)
        }
    }

    func testAStreamCutAnywhereIsMaskedTheSame() {
        let mask = SecretMask()
        ["abcdef-secret", "cdef-other-secret", "the-third-one"].forEach(mask.add)
        let text = "x abcdef-secret y cdef-other-secret z abcdef-secret-the-third-one\nabcde end"
        let whole = mask.scrub(text)
        XCTAssertEqual(whole, "x *** y *** z ***-***\nabcde end")
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            for second in cut...bytes.count {
                var masker = StreamMasker(mask: mask)
                var out = masker.feed(Array(bytes[..<cut]))
                out += masker.feed(Array(bytes[cut..<second]))
                out += masker.feed(Array(bytes[second...]))
                out += masker.finish()
                XCTAssertEqual(String(decoding: out, as: UTF8.self), whole, "cut at \(cut) and \(second)")
            }
        }
    }

    func testAHeldTailIsReleasedOnceItCannotBeASecret() {
        let mask = SecretMask()
        mask.add("secret-value")
        var masker = StreamMasker(mask: mask)
        XCTAssertEqual(String(decoding: masker.feed(Array("line secr".utf8)), as: UTF8.self), "line ")
        XCTAssertEqual(String(decoding: masker.feed(Array("ets\n".utf8)), as: UTF8.self), "secrets\n")
    }
}

/// A value a test changes while a source closure reads it.
private final class Shared<T: Sendable>: Sendable {
    private let state: Mutex<T>
    init(_ value: T) { state = Mutex(value) }
    var value: T {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
