// FilePermissions: which files a script may read and write, as Deno asks it. By default only under
// the working directory, the script's folder, the library folders and the temp folder; flags widen
// that. Credential files and the run's own records (audit, journal, plan, lock) are never the
// script's to touch.
import Foundation

/// The decision behind `LuaSandbox.fileAccess` for one run.
///
/// ```swift
/// let permissions = FilePermissions(options: options)
/// permissions.check("/etc/passwd", write: false)
/// // "/etc/passwd: reading not allowed (outside the script's folders; allow it with --allow-read /etc)"
/// ```
public struct FilePermissions: Sendable {
    private let readRoots: [String]
    private let writeRoots: [String]
    private let everywhere: Bool
    /// Never opened for the script: the credential files and folders.
    private let secretPaths: [String]
    /// Read but never written by the script: the run's own records.
    private let ownRecords: [String]

    public init(options: RunOptions, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        let scriptFolder = (Self.absolute(options.scriptPath, from: workingDirectory) as NSString).deletingLastPathComponent
        let common = [workingDirectory, scriptFolder, NSTemporaryDirectory()] + options.searchFolders
        func list(_ variable: String) -> [String] {
            (options.environment[variable] ?? "").split(separator: ":").map(String.init)
        }
        let writable = common + options.allowWrite + list("MOONGATE_ALLOW_WRITE")
        writeRoots = writable.map { Self.canonical($0, from: workingDirectory) }
        readRoots = (writable + options.allowRead + list("MOONGATE_ALLOW_READ")).map { Self.canonical($0, from: workingDirectory) }
        everywhere = options.allowAllFiles
        let home = options.environment["HOME"] ?? NSHomeDirectory()
        let secrets = ["\(home)/.aliyun", "\(home)/.alibabacloud"]
            + ["ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"]
                .compactMap { options.environment[$0] }
        secretPaths = secrets.filter { !$0.isEmpty }.map { Self.canonical($0, from: workingDirectory) }
        ownRecords = [options.effectiveAuditPath, options.journalPath, options.planPath, options.lockPath]
            .compactMap { $0 }.map { Self.canonical($0, from: workingDirectory) }
    }

    /// nil when the script may open `path` (for writing when `write`), else why not, with the flag
    /// that would allow it.
    public func check(_ path: String, write: Bool) -> String? {
        let cwd = FileManager.default.currentDirectoryPath
        let target = Self.canonical(path, from: cwd)
        if secretPaths.contains(where: { Self.isInside(target, $0) }) {
            return "\(path): not allowed (a credentials file; scripts never read them, only Moongate's signing does)"
        }
        if ownRecords.contains(target) || target.hasSuffix(RunOptions.journalSuffix) {
            // Readable wherever it lives (runbook --resume reads its journal back), never writable.
            return write ? "\(path): writing not allowed (this run's own audit, plan or lock, or a runbook journal; Moongate writes it)" : nil
        }
        if everywhere { return nil }
        let roots = write ? writeRoots : readRoots
        if roots.contains(where: { Self.isInside(target, $0) }) { return nil }
        let flag = write ? "--allow-write" : "--allow-read"
        let folder = (target as NSString).deletingLastPathComponent
        return "\(path): \(write ? "writing" : "reading") not allowed (outside the working, script, library and temp folders; "
            + "allow it with \(flag) \(folder.isEmpty ? "/" : folder))"
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    static func absolute(_ path: String, from directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    /// The path with symlinks resolved (its folder's, when the file does not exist yet), so a link
    /// inside an allowed folder cannot point outside it.
    static func canonical(_ path: String, from directory: String) -> String {
        let absolute = absolute(path, from: directory)
        if let resolved = realpath(absolute, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        guard folder != absolute, !folder.isEmpty else { return (absolute as NSString).standardizingPath }
        return (canonical(folder, from: directory) as NSString).appendingPathComponent(name)
    }
}
