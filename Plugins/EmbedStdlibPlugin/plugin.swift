// EmbedStdlibPlugin: before compiling Moongate, embed stdlib/**/*.lua into a generated Swift file
// (EmbeddedStdlib.swift) with the embed-stdlib tool, so a copied `moongate` binary keeps its stdlib.
import Foundation
import PackagePlugin

@main
struct EmbedStdlibPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("stdlib")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedStdlib.swift")
        let files = luaFiles(under: root)
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) stdlib Lua modules",
                executable: try context.tool(named: "embed-stdlib").url,
                arguments: [output.path, root.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }

    private func luaFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "lua" }
            .sorted { $0.path < $1.path }
    }
}
