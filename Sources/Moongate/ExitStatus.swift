// ExitStatus: the documented exit codes of `moongate`, in one place.
import Foundation
import LuaKit

/// Process exit codes (documented in `moongate --help`).
public enum ExitStatus: Int32, Sendable {
    /// The script finished.
    case ok = 0
    /// The script raised an error (including the memory limit).
    case scriptError = 1
    /// Bad flags or an unreadable script.
    case usage = 64
    /// `--approved`: a change not in the approved plan was refused (EX_DATAERR).
    case notApproved = 65
    /// The audit log lost a record, or `--plan` could not be written (EX_IOERR).
    case outputLost = 74
    /// Another run holds the `--lock` file.
    case lockHeld = 75
    /// `--timeout` was reached.
    case timeout = 124
    /// Stopped by SIGINT.
    case interrupted = 130
    /// Stopped by SIGTERM.
    case terminated = 143

    /// The status for a run that ended with `error`.
    public static func forError(_ error: Error) -> ExitStatus {
        if error is ApprovalRefused { return .usage }
        guard let e = error as? LuaError else { return .scriptError }
        if let request = e.exitRequest { return request.status }
        switch e.kind {
        case .timeout: return .timeout
        case .interrupted(let signal): return signal == SIGTERM ? .terminated : .interrupted
        case .file: return .usage
        default: return .scriptError
        }
    }
}

/// The lines the help text shows for the exit codes.
public let exitStatusHelp = """
    Exit codes:
      0    success
      1    the script raised an error (also: memory limit reached; a runbook step failed)
      64   usage error (bad flags, unreadable script, a runbook's missing parameter,
           a destructive step with no TTY to confirm on and no --yes; --approved: a plan
           made from another script, module, parameter, region, endpoint or account, or
           older than --max-plan-age — nothing was run)
      65   --approved: the script tried a change the approved plan does not hold (refused,
           audited; the approved changes were made)
      74   the audit log could not be written (calls that change anything were refused
           from then on), or --plan could not be written
      75   --lock FILE is held by another run (nothing was run)
      124  --timeout reached
      130  interrupted (SIGINT)
      143  terminated (SIGTERM)
    """
