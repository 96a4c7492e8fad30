// TestSuite: `moongate test` — find the test files, run them in parallel, each on a thread of its own.
import Foundation
import LuaKit

public enum TestSuite {
    /// What a test file's name ends with.
    public static let suffixes = ["_test.lua", "_spec.lua"]

    /// The test files under `paths` (files as given, folders searched), sorted; no paths: `spec/`
    /// and `test/` when present, else the current folder.
    public static func discover(_ paths: [String]) throws -> [String] {
        let manager = FileManager.default
        var roots = paths
        if roots.isEmpty {
            roots = ["spec", "test"].filter { manager.fileExists(atPath: $0) }
            if roots.isEmpty { roots = ["."] }
        }
        var files: [String] = []
        for root in roots {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: root, isDirectory: &isFolder) else {
                throw TestPathError(description: "moongate: test: cannot find \(root) (no such file or folder)")
            }
            guard isFolder.boolValue else {
                files.append(root)
                continue
            }
            let base = root.hasSuffix("/") ? String(root.dropLast()) : root
            let found = (manager.enumerator(atPath: root)?.allObjects as? [String] ?? [])
                .filter { path in suffixes.contains { path.hasSuffix($0) } && !path.split(separator: "/").contains { $0.hasPrefix(".") } }
                .map { base == "." ? $0 : base + "/" + $0 }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// Why `filter` is not a Lua pattern, if it is not (moongate.options' check: Lua itself says so
    /// only when a match reaches the bad part).
    public static func filterProblem(_ filter: String) -> String? {
        guard let options = EmbeddedStdlib.modules.first(where: { $0.name == "moongate.options" }),
              let lua = try? LuaState(),
              let result = try? lua.run("return (load(...)()).pattern_problem(select(2, ...))", chunkName: "=--filter",
                                        args: [.text(options.source), .text(filter)])
        else { return nil }
        return result.first?.text
    }

    /// Runs every file (at most `options.jobs` at once); `finished` hears of each as it ends. The
    /// results come back in the order of `files`. Blocks: call it from a thread of your own.
    public static func run(_ files: [String], options: TestOptions,
                           finished: @escaping @Sendable (TestFileResult) -> Void = { _ in }) -> (results: [TestFileResult], stoppedBy: Int32?) {
        let stops = StopRegistry()
        let trap = SignalTrap(stop: { stops.stopAll(signal: $0) })
        defer { trap.cancel() }
        let queue = WorkQueue(files)
        let group = DispatchGroup()
        for _ in 0..<min(options.jobs, max(files.count, 1)) {
            group.enter()
            let thread = Thread {
                while let (index, path) = queue.next() {
                    let result = TestFile.run(path, options: options, stops: stops)
                    queue.finish(index, result)
                    finished(result)
                }
                group.leave()
            }
            thread.stackSize = ScriptThread.stackSize
            thread.start()
        }
        group.wait()
        return (queue.results, stops.stoppedBy)
    }
}

/// The files not yet taken, and the results so far.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let files: [String]
    private var taken = 0
    private var done: [Int: TestFileResult] = [:]

    init(_ files: [String]) { self.files = files }

    func next() -> (Int, String)? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < files.count else { return nil }
        taken += 1
        return (taken - 1, files[taken - 1])
    }

    func finish(_ index: Int, _ result: TestFileResult) {
        lock.lock()
        done[index] = result
        lock.unlock()
    }

    var results: [TestFileResult] {
        lock.lock()
        defer { lock.unlock() }
        return files.indices.compactMap { done[$0] }
    }
}

public struct TestPathError: Error, CustomStringConvertible {
    public let description: String
}
