// ApiSession+Plans: the dry run's plan and planned state, and `--approved` (checking a plan before the
// run, holding its mutating calls to it, reporting what it left unused).
import CloudAPI
import Foundation

/// `--approved` refused the plan before anything ran (exit 64): the message says why.
struct ApprovalRefused: Error, CustomStringConvertible {
    let description: String
}

extension ApiSession {
    // MARK: - Dry run

    /// Records a mutating call instead of sending it, and returns the response the script gets; the
    /// planned state follows, so later reads see the change.
    func planCall(_ operation: CloudAPI.Operation, request: [String: Value], wire: [(String, String)]) -> Value {
        let response = SyntheticResponse.make(for: operation, request: request, ids: &syntheticIds)
        let entry = plan.add(operation: operation.name, wire: wire, returns: SyntheticResponse.placeholders(in: response))
        plannedState.apply(operation.name, request: request, response: response)
        emit(text: entry.line, json: ["event": "plan", "operation": .string(entry.operation), "parameters": entry.json["parameters"]!])
        return response
    }

    /// A read the planned state answers without asking the service (about something the plan creates
    /// or deletes); nil when the service must be asked (and its answer patched: `plannedRead`).
    func answerPlannedRead(_ operation: CloudAPI.Operation, request: [String: Value]) -> ApiBindings.Outcome? {
        let answer: ApiBindings.Outcome
        switch plannedState.answer(operation.name, request: request) {
        case .response(let value)?:
            answer = .success(value)
        case .gone?:
            answer = .failure(CallFailure(code: "NotFoundBackend", message: "the plan deletes this backend (answered by the dry run)",
                                          operation: operation.name))
        case nil where SyntheticResponse.refersToPlannedResource(request):
            answer = .success(SyntheticResponse.make(for: operation, request: request, ids: &syntheticIds))
        case nil:
            return nil
        }
        emit(text: "DRYRUN \(operation.name) answered locally: it refers to a resource the plan creates or deletes",
             json: ["event": "dry_run_read", "operation": .string(operation.name)])
        return answer
    }

    /// A read the service answered, as the real run would see it once the plan's earlier changes are made.
    func plannedRead(_ operation: CloudAPI.Operation, response: Value) -> Value {
        operation.name == "DescribeBackendInfo" && !plannedState.isUntouched ? plannedState.patchInfo(response) : response
    }

    // MARK: - What a plan is made from

    /// The record of this run a plan carries (and `--approved` compares): script, modules, parameters,
    /// region, endpoint and account of the default client, version, time.
    /// - Parameter askAccount: ask STS who the credentials are (one call; nil when it cannot answer).
    func provenance(askAccount: Bool = true) -> PlanProvenance {
        let client = try? makeClient(ScriptClientSettings())
        let configuration = client?.api.configuration
        let account = askAccount ? configuration.flatMap { try? WhoAmI.ask($0).identity["AccountId"] } : nil
        // The in-process emulator's port changes on every run; it is the same place each time.
        let endpoint = options.useEmulator && options.endpoint == nil ? "emulator" : configuration?.endpoint.absoluteString
        return PlanProvenance(
            script: options.scriptPath, scriptSHA256: scriptSHA256 ?? "", modules: requiredModules,
            params: Dictionary(uniqueKeysWithValues: options.params.map { key, value in
                (key, SecretFields.isSecret(key) ? SecretFields.mask : options.secrets.scrub(value))
            }), region: configuration?.region ?? options.region,
            endpoint: endpoint ?? options.endpoint, account: account)
    }

    /// `--approved`: reads the plan and refuses it (before the script runs) when it was made from
    /// something else than this run, or too long ago.
    func checkApproval() throws {
        guard let path = options.approvedPlanPath else { return }
        let file: PlanFile
        do { file = try PlanFile(contentsOf: path) } catch { throw ApprovalRefused(description: "--approved \(error)") }
        // A plan made where STS could not be asked holds no account: the apply does not ask either.
        var now = provenance(askAccount: file.madeFrom.account != nil)
        now.modules = file.madeFrom.modules.map { PlanProvenance.Module(reading: $0.path, name: $0.name) }
        var problems = file.madeFrom.differences(from: now)
        let age = now.time.timeIntervalSince(file.madeFrom.time)
        if age > options.maxPlanAge {
            problems.append("its age (made \(SigningClock.timestamp(file.madeFrom.time)), \(Self.duration(age)) ago, more than --max-plan-age \(Self.duration(options.maxPlanAge)))")
        }
        guard problems.isEmpty else {
            throw ApprovalRefused(description: "--approved \(path): refused, nothing was run: the plan differs from this run in "
                                  + problems.joined(separator: "; ") + "; make a new plan with --dry-run --plan and approve it")
        }
        approved = ApprovedPlan(file: file)
    }

    /// A module `require` loaded: recorded for the plan; under `--approved` it must be the file the
    /// plan was made with. Returns the refusal's text, if refused.
    func moduleLoaded(name: String, path: String) -> String? {
        let module = PlanProvenance.Module(reading: path, name: name)
        requiredModules.append(module)
        guard let approved else { return nil }
        if let planned = approved.file.madeFrom.modules.first(where: { $0.name == name }), planned == module { return nil }
        return "require \"\(name)\": \(path) is not the module the approved plan \(approved.file.path) was made with; make a new plan"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        if s >= 86400, s % 3600 == 0 { return s % 86400 == 0 ? "\(s / 86400)d" : "\(s / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h\(s % 3600 / 60)m" }
        if s >= 60 { return "\(s / 60)m\(s % 60)s" }
        return "\(s)s"
    }

    // MARK: - End of run

    /// Dry run: the summary and `--plan`. Approved run: the approved changes no call used (the world
    /// changed since the plan: the run did less than was approved), as a warning.
    func finishPlans() {
        if options.dryRun {
            emit(text: plan.summary, json: ["event": "plan_summary", "changes": .int(Int64(plan.entries.count))])
            if let path = options.planPath {
                do { try plan.write(toFile: path, madeFrom: provenance(), mask: options.secrets) } catch { planFailure = "--plan \(path): \(error)" }
            }
        }
        if let approved {
            let unused = approved.unused
            if !unused.isEmpty {
                let list = unused.prefix(10).map { "entry \($0.number): \($0.entry.change)" }.joined(separator: "; ")
                let text = "moongate: warning: --approved \(approved.file.path): \(unused.count) approved change\(unused.count == 1 ? " was" : "s were") not made (the world changed since the plan): \(list)\(unused.count > 10 ? "; …" : "")"
                warn(text: text, json: ["event": "approved_unused", "count": .int(Int64(unused.count)),
                                        "entries": .array(unused.map { .int(Int64($0.number)) })])
            }
        }
    }
}
