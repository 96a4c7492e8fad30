// AdaptiveRates: the pace learned from throttles, on a clock the test moves.
@testable import CloudAPI
import XCTest

final class AdaptiveRateTests: XCTestCase {
    let endpoint = "http://127.0.0.1:1"

    func testUnthrottledCallsAreNotPaced() {
        let rates = AdaptiveRates()
        for i in 0..<100 {
            XCTAssertEqual(rates.reserve(endpoint, "DeleteBackend", now: 10 + Double(i) / 1000), 0)
            rates.admitted(endpoint, "DeleteBackend", now: 10 + Double(i) / 1000)
        }
        XCTAssertNil(rates.rate(endpoint: endpoint, operation: "DeleteBackend"))
    }

    func testAThrottleSetsThePaceToWhatTheServiceAdmittedAndHoldsForItsRetryAfter() {
        let rates = AdaptiveRates()
        // A burst of 50 admitted within 0.1 s (a bucket of one second at 50/s), then throttled.
        for i in 0..<50 { rates.admitted(endpoint, "DeleteBackend", now: 100 + Double(i) * 0.002) }
        rates.throttled(endpoint, "DeleteBackend", sentAt: 100.1, retryAfter: 0.02, now: 100.101)
        let rate = try! XCTUnwrap(rates.rate(endpoint: endpoint, operation: "DeleteBackend"))
        XCTAssertEqual(rate, 50 * AdaptiveRates.decrease, accuracy: 0.01)
        // Held until the service's retry-after, then one call per 1/rate.
        let waits = (0..<3).map { _ in rates.reserve(endpoint, "DeleteBackend", now: 100.101) }
        XCTAssertEqual(waits[0], 0.02, accuracy: 1e-9)
        XCTAssertEqual(waits[1] - waits[0], 1 / rate, accuracy: 1e-9)
        XCTAssertEqual(waits[2] - waits[1], 1 / rate, accuracy: 1e-9)
        XCTAssertEqual(rates.reserve(endpoint, "DescribeBackendList", now: 100.101), 0, "each operation has its own pace")

        // Throttles of calls sent before that decrease (the same round) change nothing more.
        rates.throttled(endpoint, "DeleteBackend", sentAt: 100.099, retryAfter: nil, now: 100.2)
        XCTAssertEqual(rates.rate(endpoint: endpoint, operation: "DeleteBackend"), rate)
        XCTAssertEqual(rates.throttles(endpoint: endpoint, operation: "DeleteBackend"), 2)
    }

    func testThePaceGrowsAdditivelyWhileCallsSucceedAndNeverBelowTheMinimum() {
        let rates = AdaptiveRates()
        for i in 0..<20 { rates.admitted(endpoint, "CreateBackend", now: 5 + Double(i) * 0.01) }
        rates.throttled(endpoint, "CreateBackend", sentAt: 5.2, retryAfter: nil, now: 5.21)
        let start = try! XCTUnwrap(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
        XCTAssertEqual(start, 19, accuracy: 0.01)
        for i in 1...10 { rates.admitted(endpoint, "CreateBackend", now: 5.21 + Double(i) * 0.1) }
        let grown = try! XCTUnwrap(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
        XCTAssertEqual(grown, 19 + 1.9, accuracy: 0.4, "about a tenth a second at this pace")
        // Throttled with nothing admitted for a while: the pace halves, once a second, down to the minimum.
        var now = 20.0
        for _ in 0..<12 {
            rates.throttled(endpoint, "CreateBackend", sentAt: now, retryAfter: nil, now: now + 0.01)
            now += 1.5
        }
        XCTAssertEqual(rates.rate(endpoint: endpoint, operation: "CreateBackend"), AdaptiveRates.minimumRate)
    }
}
