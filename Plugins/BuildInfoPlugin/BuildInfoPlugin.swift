// BuildInfoPlugin: before compiling the command line, write BuildInfo.swift with the git commit the
// binary is built from (`moongate version`). It reruns when HEAD moves (.git/logs/HEAD changes at
// every commit and checkout); a source tree without .git says "unknown".
import Foundation
import PackagePlugin

@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.swift")
        let git = root.appendingPathComponent(".git")
        let inputs = ["HEAD", "logs/HEAD"].map { git.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        return [
            .buildCommand(
                displayName: "Writing the build's git commit",
                executable: try context.tool(named: "build-info").url,
                arguments: [output.path, root.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
