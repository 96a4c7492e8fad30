/// What the client does when a write ends with its outcome unknown (a 5xx, or the connection broke or
/// timed out after the request went out). None of the 19 operations takes a ClientToken, so the
/// catalog's knowledge of each one settles it before the caller sees a result: exactly once, as the
/// caller sees it. The one place that says which rule applies is `Operation.writeResolution`.
///
/// ```swift
/// Catalog.operation(named: "DeleteBackend")!.writeResolution   // .goneIsDone
/// ```
public enum WriteResolution: String, Sendable, Equatable {
    /// Reads: nothing to resolve (they are simply retried).
    case none
    /// CreateBackend: retried; if the retry meets the duplicate-name error, the answer is the existing
    /// backend found by name, when its type and description are the ones asked for and it was created
    /// after the first attempt went out.
    case findCreatedByName = "find-by-name"
    /// CreateBackendModel: retried; a duplicate (backend, stage) error is answered with the model of
    /// that stage, found on the backend.
    case findCreatedByStage = "find-by-stage"
    /// Delete*: retried; a NotFound* after an unknown attempt means the first one did it.
    case goneIsDone = "gone-is-done"
    /// Modify*, Set*, Attach*, Detach*, Remove*: they set a state, so sending again is harmless;
    /// retried, and an "already in that state" answer counts as done.
    case setsState = "sets-state"

    /// One line for `moongate describe`.
    public var summary: String {
        switch self {
        case .none: "a read: retried after transient failures"
        case .findCreatedByName: "retried; a duplicate-name answer is resolved to the backend the first attempt created (same name, type, description, created after it was sent)"
        case .findCreatedByStage: "retried; a duplicate-model answer is resolved to the model of that (backend, stage)"
        case .goneIsDone: "retried; NotFound* after an attempt that may have been carried out means it was"
        case .setsState: "retried (it sets a state); an already-in-that-state answer counts as done"
        }
    }

    /// Error codes that mean a retry met the first attempt's own effect.
    func settles(_ code: String) -> Bool {
        switch self {
        case .none: false
        case .findCreatedByName, .findCreatedByStage: code.hasPrefix("Repeated") || code.hasPrefix("Duplicate")
        case .goneIsDone: code.hasPrefix("NotFound")
        case .setsState: code.hasPrefix("AlreadyExist") || code.hasSuffix("AlreadyExists")
        }
    }
}

extension Operation {
    /// How a write whose outcome is unknown is settled (see `WriteResolution`).
    public var writeResolution: WriteResolution {
        guard mutates else { return .none }
        switch name {
        case "CreateBackend": return .findCreatedByName
        case "CreateBackendModel": return .findCreatedByStage
        case let name where name.hasPrefix("Delete"): return .goneIsDone
        default: return .setsState   // Modify*, Set*, Attach*, Detach*, Remove*
        }
    }
}
