// StubsCommand: `moongate stubs --out DIR`, LuaLS annotations from the catalog.
import ArgumentParser
import Foundation
import Moongate

struct StubsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stubs",
        abstract: "Write LuaLS annotation files so editors autocomplete every operation.",
        discussion: """
            Point the Lua language server at DIR, e.g. in .luarc.json:
              { "workspace.library": ["DIR"] }
            """)

    @Option(help: ArgumentHelp("Folder to write the annotation files into (created if missing).", valueName: "DIR"))
    var out: String

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for file in LuaStubs.files() {
            let path = (out as NSString).appendingPathComponent(file.name)
            try file.text.write(toFile: path, atomically: true, encoding: .utf8)
            print(path)
        }
    }
}
