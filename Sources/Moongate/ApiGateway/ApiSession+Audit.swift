// ApiSession+Audit: one audit line per call outcome (sent, planned or refused).
import CloudAPI
import Foundation

extension ApiSession {
    func auditCall(_ operation: String, _ parameters: Value, started: TimeInterval, dryRun: Bool,
                   outcome: ApiBindings.Outcome, attempts: Int, throttled: Int = 0, httpStatus: Int? = nil,
                   unknown: Bool = false, resolution: String? = nil, client: ScriptClient? = nil) {
        guard let audit else { return }
        var record: [String: Value] = [
            "operation": .string(operation),
            "parameters": parameters,
            "dry_run": .bool(dryRun),
            "duration_ms": .int(Int64(((ProcessInfo.processInfo.systemUptime - started) * 1000).rounded())),
            "attempts": .int(Int64(attempts)),
        ]
        // Attempts the service refused for its rate (retried, so the call may still have succeeded).
        if throttled > 0 { record["throttled"] = .int(Int64(throttled)) }
        // Who made it: the credentials' source and AccessKey ID (an STS key changes as it is renewed).
        if let credentials = client?.api.configuration.credentialsSource {
            record["credentials"] = .string(credentials.name)
            if let id = credentials.accessKeyId { record["access_key_id"] = .string(id) }
        }
        switch outcome {
        case .success(let response):
            record["outcome"] = .string(httpStatus == nil ? "planned" : "ok")
            if let httpStatus { record["http_status"] = .int(Int64(httpStatus)) }
            if let requestId = response["RequestId"] { record["request_id"] = requestId }
            // An attempt's outcome was unknown; how the write was settled (found-by-name, gone, …).
            if let resolution { record["resolved"] = .string(resolution) }
        case .failure(let failure):
            // Refused: nothing was sent. Abandoned: the run stopped with it in flight. Unknown: an attempt
            // may have been carried out and it could not be settled. Error: the service said no.
            let kind = failure.code == "Moongate.Abandoned" ? "abandoned" : unknown ? "unknown" : attempts == 0 ? "refused" : "error"
            record["outcome"] = .string(kind)
            record["error_code"] = .string(failure.code)
            if let status = failure.httpStatus { record["http_status"] = .int(Int64(status)) }
            if let requestId = failure.requestId { record["request_id"] = .string(requestId) }
        }
        if let problem = audit.record(record), audit.lostRecords == 1 {
            ScriptRunner.printError("moongate: \(problem); calls that change anything are refused from now on")
        }
    }

    /// Refuses a mutating call once the audit log has lost a record: nothing unaudited reaches the service.
    func checkAuditWorks(_ operation: CloudAPI.Operation) throws {
        guard operation.mutates, let audit, audit.failure != nil else { return }
        throw CallFailure(code: "Moongate.AuditFailed", message: "not sent: the audit log \(audit.path) cannot be written",
                          operation: operation.name)
    }

    /// What was lost of the run's own records (audit lines, the --plan file), for the end of the run.
    var lostOutput: String? {
        var lost: [String] = []
        if let audit, audit.lostRecords > 0 {
            lost.append("\(audit.lostRecords) audit record\(audit.lostRecords == 1 ? "" : "s") not written to \(audit.path)")
        }
        if let planFailure { lost.append(planFailure) }
        return lost.isEmpty ? nil : lost.joined(separator: "; ")
    }
}
