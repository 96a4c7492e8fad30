// ===----------------------------------------------------------------------===
// CallTask: one call's attempts on a CallLoop — wait for the operation's learned pace
// (AdaptiveRates), send, decide (RetryPolicy), wait on the loop's timer, send again. Everything
// happens on the loop's thread, so there is no lock.
// ===----------------------------------------------------------------------===

import Foundation

/// A call in flight on a `CallLoop`, from `CloudAPIClient.start`. Its completion runs exactly once,
/// on the loop; `cancel()` (on the loop's thread) ends it with `CancellationError`.
public final class CallTask {
    public typealias Completion = (Result<CallOutcome, any Error>) -> Void

    private let client: CloudAPIClient
    private let operation: Operation
    private let wire: [(String, String)]
    private let observer: CallObserver?
    private let loop: CallLoop
    private let started = CallLoop.now()
    private var completion: Completion?
    private var attempt = 0
    private var transfer: Transfer?
    private var timer: CallLoop.TimerID?
    private var retriesAllowed = true
    private var throttles = 0
    private var attemptSentAt = 0.0

    init(client: CloudAPIClient, operation: Operation, wire: [(String, String)], observer: CallObserver?,
         loop: CallLoop, completion: @escaping Completion) {
        self.client = client
        self.operation = operation
        self.wire = wire
        self.observer = observer
        self.loop = loop
        self.completion = completion
    }

    /// Whether the call has ended (completion called).
    public var isFinished: Bool { completion == nil }

    /// Attempts sent so far (a cancelled call may have sent one that reached the service).
    public var attemptsSent: Int { attempt }

    /// Attempts the service refused for its rate (throttled), for the audit.
    public var throttledAttempts: Int { throttles }

    /// Whether an attempt's request is on the wire now (not waiting for a rate-limit slot or a retry).
    public var isSending: Bool { transfer != nil }

    /// The attempt on the wire is the last: the call ends with its result, retryable or not
    /// (a stopping run lets what was sent complete, and sends nothing new).
    public func forbidRetries() { retriesAllowed = false }

    /// Sends the first attempt after `delay` seconds (the script's rate-limit slot) and the slot of
    /// the operation's learned pace, on the loop's timer.
    func begin(after delay: Double) {
        sendAttempt(notBefore: AdaptiveRates.now() + delay)
    }

    /// Sends the next attempt at the operation's next free slot, no earlier than `notBefore`.
    private func sendAttempt(notBefore: Double) {
        let wait = client.configuration.rates.reserve(client.endpoint.base, operation.name, notBefore: notBefore)
        guard wait > 0 else { return sendNextAttempt() }
        timer = loop.schedule(after: wait) { [self] in
            timer = nil
            sendNextAttempt()
        }
    }

    /// Abandons the call: the request in flight is dropped, the wait for a retry ends.
    public func cancel() {
        guard !isFinished else { return }
        if let timer { loop.cancelTimer(timer) }
        timer = nil
        if let transfer {
            self.transfer = nil
            loop.cancel(transfer)  // its completion sees `.cancelled`, which this call ignores
        }
        finish(.failure(CancellationError()))
    }

    // MARK: - Attempts

    private func sendNextAttempt() {
        attempt += 1
        let number = attempt
        let attemptStart = CallLoop.now()
        attemptSentAt = AdaptiveRates.now()
        transfer = client.sendAttempt(action: operation.name, parameters: wire, isWrite: operation.mutates, on: loop) { [self] result in
            guard let result, number == attempt, !isFinished else { return }
            transfer = nil
            attemptEnded(number, result, duration: Self.seconds(since: attemptStart))
        }
    }

    /// The retry decision: report the attempt, then finish or schedule the next one.
    private func attemptEnded(_ attempt: Int, _ result: Result<CloudAPIClient.Response, CloudAPIError>, duration: Double) {
        let retry = client.configuration.retry
        let rates = client.configuration.rates, endpoint = client.endpoint.base
        if case .failure(let error) = result, error.isThrottling {
            throttles += 1
            rates.throttled(endpoint, operation.name, sentAt: attemptSentAt,
                            retryAfter: error.retryAfterMilliseconds.map { min(Double($0) / 1000, retry.maxRetryAfter) })
        } else {
            rates.admitted(endpoint, operation.name)
        }
        switch result {
        case .success(let response):
            let requestId = response.value["RequestId"]?.stringValue
            report(CallAttempt(
                action: operation.name, attempt: attempt, httpStatus: response.status, errorCode: nil,
                requestId: requestId, duration: duration, willRetry: false, retryDelay: nil))
            finish(.success(CallOutcome(
                action: operation.name, value: response.value, requestId: requestId, httpStatus: response.status,
                attempts: attempt, duration: Self.seconds(since: started))))
        case .failure(let error):
            let wait = retry.delay(after: attempt, error: error)
            let willRetry = retriesAllowed && retry.shouldRetry(error, effect: operation.effect, attempt: attempt,
                                                                 elapsed: Self.seconds(since: started), delay: wait)
            let delay = willRetry ? wait : nil
            report(CallAttempt(
                action: operation.name, attempt: attempt, httpStatus: error.httpStatus, errorCode: error.code,
                requestId: error.requestId, duration: duration, willRetry: willRetry, retryDelay: delay))
            guard let delay else { return finish(.failure(error)) }
            // The backoff waits on the loop, so other calls on it keep going meanwhile.
            sendAttempt(notBefore: AdaptiveRates.now() + delay)
        }
    }

    private func report(_ attempt: CallAttempt) {
        client.configuration.observer?(attempt)
        observer?(attempt)
    }

    private func finish(_ result: Result<CallOutcome, any Error>) {
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(CallLoop.now() - start) / 1e9
    }
}
