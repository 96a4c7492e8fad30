// PlanCommand: `moongate plan show FILE` — a dry run's plan for review before `--approved`.
import ArgumentParser
import Foundation
import Moongate

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Review a plan written by `moongate run --dry-run --plan FILE`.",
        subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a plan: what it was made from, its changes in order, and the digest to approve.",
            discussion: """
                On a terminal: a table and, last, the digest line to paste into the approval \
                (sha256 of the file, its changes, when and from what it was made). Piped: one JSON object.
                """)

        @Flag(help: "Print only the digest line.")
        var digest = false

        @Flag(help: "Print JSON even on a terminal.")
        var json = false

        @Argument(help: "The plan file (JSON lines).")
        var file: String

        func run() throws {
            let plan: PlanFile
            do { plan = try PlanFile(contentsOf: file) } catch {
                FileHandle.standardError.write(Data("moongate: plan show: \(error)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            if digest {
                print(plan.digestLine)
            } else if json || isatty(STDOUT_FILENO) != 1 {
                print(plan.json)
            } else {
                print(plan.table)
            }
        }
    }
}
