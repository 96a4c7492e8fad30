// ===----------------------------------------------------------------------===
// RetryingCall: one call's attempts — send, decide (RetryPolicy), wait, send again — driven by
// completion callbacks on the event loop, so a call costs no Swift task and no thread hop of its
// own. Both `CloudAPIClient.call` forms (callback and async) run through here.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
import Foundation
import NIOCore

/// The state of one call across its attempts. Attempts follow one another: the next starts from the
/// previous one's completion or its retry timer. The lock guards what `cancel()` touches from
/// another thread, and the attempt number, which a fast response may race with.
final class RetryingCall: @unchecked Sendable {
    typealias Completion = @Sendable (Result<CallOutcome, any Error>) -> Void

    private let client: CloudAPIClient
    private let operation: Operation
    private let wire: [(String, String)]
    private let observer: CallObserver?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    private let lock = NSLock()
    private var attempt = 0
    private var completion: Completion?
    private var cancelled = false
    private var inFlight: HTTPClient.Task<ResponseCollector.Collected>?
    private var retryTimer: Scheduled<Void>?

    init(client: CloudAPIClient, operation: Operation, wire: [(String, String)], observer: CallObserver?) {
        self.client = client
        self.operation = operation
        self.wire = wire
        self.observer = observer
        self.started = clock.now
    }

    /// Sends the first attempt; `completion` is called exactly once.
    func start(completion: @escaping Completion) {
        let cancelledAlready = lock.withLock {
            self.completion = completion
            return cancelled
        }
        if cancelledAlready { return finish(.failure(CancellationError())) }
        sendNextAttempt()
    }

    /// Abandons the call: the request in flight or the wait for a retry ends, and the completion
    /// gets `CancellationError`.
    func cancel() {
        let (task, timer) = lock.withLock {
            cancelled = true
            return (inFlight, retryTimer)
        }
        task?.cancel()
        if let timer {
            timer.cancel()
            finish(.failure(CancellationError()))
        }
    }

    // MARK: - Attempts

    private func sendNextAttempt() {
        let number: Int? = lock.withLock {
            retryTimer = nil
            if cancelled { return nil }
            attempt += 1
            return attempt
        }
        guard let number else { return finish(.failure(CancellationError())) }
        let attemptStart = clock.now
        let task = client.sendAttempt(action: operation.name, parameters: wire) { [self] result in
            attemptEnded(number, result, duration: seconds(clock.now - attemptStart))
        }
        // The response may already have arrived (and a retry begun): only the current attempt's task is kept.
        let cancelledMeanwhile = lock.withLock {
            if attempt == number { inFlight = task }
            return cancelled
        }
        if cancelledMeanwhile { task?.cancel() }
    }

    /// The retry decision: report the attempt, then finish or schedule the next one.
    private func attemptEnded(_ attempt: Int, _ result: Result<CloudAPIClient.Response, CloudAPIError>, duration: Double) {
        if lock.withLock({ cancelled }) { return finish(.failure(CancellationError())) }
        let retry = client.configuration.retry
        switch result {
        case .success(let response):
            let requestId = response.value["RequestId"]?.stringValue
            report(CallAttempt(
                action: operation.name, attempt: attempt, httpStatus: response.status, errorCode: nil,
                requestId: requestId, duration: duration, willRetry: false, retryDelay: nil))
            finish(.success(CallOutcome(
                action: operation.name, value: response.value, requestId: requestId, httpStatus: response.status,
                attempts: attempt, duration: seconds(clock.now - started))))
        case .failure(let error):
            let willRetry = retry.shouldRetry(error, effect: operation.effect, attempt: attempt)
            let delay = willRetry ? retry.delay(after: attempt, error: error) : nil
            report(CallAttempt(
                action: operation.name, attempt: attempt, httpStatus: error.httpStatus, errorCode: error.code,
                requestId: error.requestId, duration: duration, willRetry: willRetry, retryDelay: delay))
            guard let delay else { return finish(.failure(error)) }
            scheduleRetry(after: delay)
        }
    }

    private func scheduleRetry(after delay: Double) {
        // Under the lock, so that a timer firing at once finds `retryTimer` already set.
        let cancelledMeanwhile = lock.withLock {
            inFlight = nil
            if cancelled { return true }
            retryTimer = client.httpClient.eventLoopGroup.any().scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) {
                [self] in sendNextAttempt()
            }
            return false
        }
        if cancelledMeanwhile { finish(.failure(CancellationError())) }
    }

    private func report(_ attempt: CallAttempt) {
        client.configuration.observer?(attempt)
        observer?(attempt)
    }

    /// Calls the completion if no one has yet (cancel and a finishing attempt may race).
    private func finish(_ result: Result<CallOutcome, any Error>) {
        let completion = lock.withLock {
            defer { self.completion = nil }
            return self.completion
        }
        completion?(result)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
