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
    /// When the first attempt whose outcome is unknown went out (a write that may have been carried
    /// out), to be settled by the operation's `WriteResolution`.
    private var unknownSince: Date?
    private var attemptWallStart = Date()
    /// The read that settles an unknown write (finding what the first attempt created).
    private var lookup: CallTask?

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
    public var isSending: Bool { transfer != nil || lookup?.isSending == true }

    /// Whether some attempt ended without knowing if the service carried it out (for the audit:
    /// such a write is never "refused").
    public var hadUnknownOutcome: Bool { unknownSince != nil }

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
        lookup?.cancel()
        lookup = nil
        finish(.failure(CancellationError()))
    }

    // MARK: - Attempts

    private func sendNextAttempt() {
        attempt += 1
        let number = attempt
        let attemptStart = CallLoop.now()
        attemptSentAt = AdaptiveRates.now()
        attemptWallStart = Date()
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
            succeed(response.value, status: response.status, resolution: unknownSince == nil ? nil : "retried")
        case .failure(let error):
            let resolution = operation.writeResolution
            if unknownSince != nil, resolution.settles(error.code) {
                report(CallAttempt(
                    action: operation.name, attempt: attempt, httpStatus: error.httpStatus, errorCode: error.code,
                    requestId: error.requestId, duration: duration, willRetry: false, retryDelay: nil))
                return settle(error, by: resolution)
            }
            if error.outcomeUnknown, operation.mutates, unknownSince == nil { unknownSince = attemptWallStart }
            // Resolvable: the catalog can settle a repeat of this write, or nothing went out (a
            // connection that could not be made), so repeating it cannot do anything twice.
            let wait = retry.delay(after: attempt, error: error)
            let willRetry = retriesAllowed && retry.shouldRetry(error, effect: operation.effect, attempt: attempt,
                                                                 elapsed: Self.seconds(since: started), delay: wait,
                                                                 resolvable: (resolution != .none && error.outcomeUnknown)
                                                                     || (!error.requestSent && error.retryable))
            let delay = willRetry ? wait : nil
            report(CallAttempt(
                action: operation.name, attempt: attempt, httpStatus: error.httpStatus, errorCode: error.code,
                requestId: error.requestId, duration: duration, willRetry: willRetry, retryDelay: delay))
            guard let delay else { return finish(.failure(error)) }
            // The backoff waits on the loop, so other calls on it keep going meanwhile.
            sendAttempt(notBefore: AdaptiveRates.now() + delay)
        }
    }

    private func succeed(_ value: Value, status: Int, resolution: String?) {
        var outcome = CallOutcome(
            action: operation.name, value: value, requestId: value["RequestId"]?.stringValue, httpStatus: status,
            attempts: attempt, duration: Self.seconds(since: started))
        outcome.resolution = resolution
        finish(.success(outcome))
    }

    // MARK: - Settling a write whose outcome was unknown

    /// A retry met the first attempt's own effect (`error` says so): answer as the first attempt
    /// would have, or fail with `error` when what is found is not what this call asked for.
    private func settle(_ error: CloudAPIError, by resolution: WriteResolution) {
        let answered: Value = .object(["RequestId": .string(error.requestId ?? "")])
        switch resolution {
        case .goneIsDone: succeed(answered, status: 200, resolution: "gone")
        case .setsState: succeed(answered, status: 200, resolution: "already-set")
        case .findCreatedByName:
            look("DescribeBackendList", [("BackendName", parameter("BackendName") ?? ""), ("PageSize", "100")],
                 resolution: "found-by-name", else: error) { [self] found in
                let since = (unknownSince ?? Date()).addingTimeInterval(-1)  // CreatedTime has whole seconds
                let match = found["BackendInfoList"]?.arrayValue?.first { item in
                    item["BackendName"]?.stringValue == parameter("BackendName")
                        && item["BackendType"]?.stringValue == parameter("BackendType")
                        && (item["Description"]?.stringValue ?? "") == (parameter("Description") ?? "")
                        && (item["CreatedTime"]?.stringValue.flatMap(Self.parseTime).map { $0 >= since } ?? false)
                }
                return match?["BackendId"].map { ["BackendId": $0] }
            }
        case .findCreatedByStage:
            look("DescribeBackendInfo", [("BackendId", parameter("BackendId") ?? "")],
                 resolution: "found-by-stage", else: error) { [self] found in
                let model = found["BackendInfo"]?["BackendModels"]?.arrayValue?.first {
                    $0["StageName"]?.stringValue == parameter("StageName")
                }
                return model?["BackendModelId"].map { ["BackendModelId": $0] }
            }
        case .none:
            finish(.failure(error))
        }
    }

    /// Reads with `action`; `pick` turns the answer into this call's fields (settled as `resolution`),
    /// or nil: then `error`.
    private func look(_ action: String, _ wire: [(String, String)], resolution: String, else error: CloudAPIError,
                      pick: @escaping (Value) -> [String: Value]?) {
        guard let read = Catalog.operation(named: action) else { return finish(.failure(error)) }
        lookup = client.start(read, wire: wire, observer: observer, on: loop) { [self] result in
            lookup = nil
            guard case .success(let found) = result, var fields = pick(found.value) else { return finish(.failure(error)) }
            fields["RequestId"] = found.value["RequestId"] ?? .string("")
            succeed(.object(fields), status: 200, resolution: resolution)
        }
    }

    private func parameter(_ name: String) -> String? { wire.first { $0.0 == name }?.1 }

    private static func parseTime(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
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
