// AdaptiveRates: the pace learned from throttles, on a clock the test moves.
@testable import CloudAPI
import XCTest

final class AdaptiveRatesTests: XCTestCase {
    let endpoint = "http://127.0.0.1:1"

    /// `admitted` calls spread over [from, from + seconds), each followed by `throttledPer` throttles.
    func traffic(_ rates: AdaptiveRates, _ operation: String, admitted: Int, throttledPer: Int = 0, from: Double, seconds: Double) {
        for i in 0..<admitted {
            let t = from + Double(i) * seconds / Double(admitted)
            rates.admitted(endpoint, operation, now: t)
            // Sent before any decrease (sentAt -inf), so they count toward the share but decide nothing.
            for _ in 0..<throttledPer { rates.throttled(endpoint, operation, sentAt: -.infinity, retryAfter: nil, now: t) }
        }
    }

    func testUnthrottledCallsAreNotPaced() {
        let rates = AdaptiveRates()
        for i in 0..<100 {
            XCTAssertEqual(rates.reserve(endpoint, "DeleteBackend", now: 10 + Double(i) / 1000), 0)
            rates.admitted(endpoint, "DeleteBackend", now: 10 + Double(i) / 1000)
        }
        XCTAssertNil(rates.rate(endpoint: endpoint, operation: "DeleteBackend"))
    }

    func testAQuotaSetsThePaceToWhatTheServiceAdmittedAndRetryAfterHoldsEveryCall() throws {
        let rates = AdaptiveRates()
        // Throttled within 5 ms of the first call: too little history for a rate, only the hold.
        traffic(rates, "DeleteBackend", admitted: 5, from: 99, seconds: 0.005)
        rates.throttled(endpoint, "DeleteBackend", sentAt: 99.004, retryAfter: 0.01, now: 99.005)
        XCTAssertNil(rates.rate(endpoint: endpoint, operation: "DeleteBackend"))
        XCTAssertEqual(rates.reserve(endpoint, "DeleteBackend", now: 99.005), 0.01, accuracy: 1e-9)
        // A second at the quota, 50 admitted, most attempts throttled: the pace is what was admitted.
        traffic(rates, "DeleteBackend", admitted: 45, throttledPer: 3, from: 99.1, seconds: 0.9)
        rates.throttled(endpoint, "DeleteBackend", sentAt: 100.1, retryAfter: 0.02, now: 100.101)
        let rate = try XCTUnwrap(rates.rate(endpoint: endpoint, operation: "DeleteBackend"))
        XCTAssertTrue((40...50 * AdaptiveRates.decrease).contains(rate), "about the 50/s admitted (a sliding-window estimate): \(rate)")
        // Held until the service's retry-after, then one call per 1/rate.
        let waits = (0..<3).map { _ in rates.reserve(endpoint, "DeleteBackend", now: 100.101) }
        XCTAssertEqual(waits[0], 0.02, accuracy: 1e-9)
        XCTAssertEqual(waits[1] - waits[0], 1 / rate, accuracy: 1e-9)
        XCTAssertEqual(waits[2] - waits[1], 1 / rate, accuracy: 1e-9)
        XCTAssertEqual(rates.reserve(endpoint, "DescribeBackendList", now: 100.101), 0, "each operation has its own pace")

        // Throttles of calls sent before that decrease (the same round) change nothing more.
        rates.throttled(endpoint, "DeleteBackend", sentAt: 100.099, retryAfter: nil, now: 101.2)
        XCTAssertEqual(rates.rate(endpoint: endpoint, operation: "DeleteBackend"), rate)
    }

    func testScatteredThrottlesDoNotCutThePace() {
        // One in five answers a throttle (chance, or the service's hiccups): the quota is not what limits.
        let rates = AdaptiveRates()
        for second in 0..<5 {
            traffic(rates, "CreateBackend", admitted: 400, from: 10 + Double(second), seconds: 1)
            for i in 0..<100 { rates.throttled(endpoint, "CreateBackend", sentAt: 10 + Double(second) + Double(i) / 100, retryAfter: nil, now: 10.5 + Double(second)) }
        }
        XCTAssertNil(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
    }

    func testThePaceGrowsAdditivelyAndIsNeverCutByMoreThanHalf() throws {
        let rates = AdaptiveRates()
        traffic(rates, "CreateBackend", admitted: 20, throttledPer: 1, from: 5, seconds: 1)
        rates.throttled(endpoint, "CreateBackend", sentAt: 5.99, retryAfter: nil, now: 5.995)
        let start = try XCTUnwrap(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
        XCTAssertEqual(start, 19, accuracy: 0.2)
        for i in 1...10 { rates.admitted(endpoint, "CreateBackend", now: 5.995 + Double(i) * 0.1) }
        let grown = try XCTUnwrap(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
        XCTAssertEqual(grown, 19 + 1.9, accuracy: 0.4, "about a tenth a second at this pace")
        // Throttled with nothing admitted (every call waiting out a backoff): the pace is left alone.
        var now = 20.0
        for _ in 0..<12 {
            for _ in 0..<10 { rates.throttled(endpoint, "CreateBackend", sentAt: now, retryAfter: nil, now: now + 0.01) }
            now += 1.5
        }
        XCTAssertEqual(rates.rate(endpoint: endpoint, operation: "CreateBackend"), grown)
        // A second of few admitted calls, most answers throttled: cut, but at most by half.
        traffic(rates, "CreateBackend", admitted: 2, throttledPer: 5, from: 40, seconds: 1)
        let before = try XCTUnwrap(rates.rate(endpoint: endpoint, operation: "CreateBackend"))
        rates.throttled(endpoint, "CreateBackend", sentAt: 40.99, retryAfter: nil, now: 40.995)
        XCTAssertEqual(rates.rate(endpoint: endpoint, operation: "CreateBackend"), before / 2)
    }
}
