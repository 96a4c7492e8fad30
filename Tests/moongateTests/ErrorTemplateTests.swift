// Every message a user sees has one shape, `where: what failed (detail; what to do)`, whether a flag,
// Swift code working for a script, the stdlib's Lua or Lua itself wrote it (style.md).
import Foundation
import XCTest

final class ErrorTemplateTests: CommandTestCase {
    /// `where`: `moongate: --flag[ FILE][, --flag]:` or `moongate: subcommand[ verb]:` for the command line,
    /// `script.lua:LINE:` for a script; then what failed; then the detail in parentheses at the end.
    static let template = try! NSRegularExpression(
        pattern: #"^(moongate: (--[a-z-]+( [^ :]+)?(, --[a-z-]+)?|[a-z]+( [a-z]+)?): |bad\.lua:[0-9]+: )\S.*\S \(.*[^ ]\)$"#)

    func testFlagMistakesHaveTheTemplate() throws {
        try script("ok.lua", "print(1)\n")
        let cases: [(args: [String], says: String)] = [
            (["emulator", "--port", "99999"], "moongate: --port: expected a port from 0 to 65535 (got 99999)"),
            (["emulator", "--tls-cert", "c.pem"], "moongate: --tls-cert, --tls-key: expected both or neither (got only --tls-cert)"),
            (["emulator", "--faults", "delay=20000000000000ms"], "moongate: --faults: delay: expected a duration of at most 3600s (got 20000000000000ms)"),
            (["run", "--timeout", "1e300", "ok.lua"], "moongate: --timeout: expected a number of seconds above 0"),
            (["run", "--memory-limit", "lots", "ok.lua"], "moongate: --memory-limit: expected bytes"),
            (["run", "--signature", "v2", "ok.lua"], "moongate: --signature: expected v3 or v1 (got 'v2')"),
            (["run", "--plan", "p.jsonl", "ok.lua"], "moongate: --plan: needs --dry-run (only a dry run writes a plan)"),
            (["run", "--approved", "p.jsonl", "--dry-run", "ok.lua"], "moongate: --approved: cannot be used with --dry-run"),
            (["run", "--approved", "p.jsonl", "--max-plan-age", "soon", "ok.lua"], "moongate: --max-plan-age: expected a duration such as 24h, 90m or 2d (got 'soon')"),
            (["run", "--approved", "missing.jsonl", "ok.lua"], "moongate: --approved missing.jsonl: cannot read it"),
            (["plan", "show", "ok.lua"], "moongate: plan show: ok.lua:1: not a Moongate plan"),
            (["run", "--lock", "/nonexistent/dir/x", "ok.lua"], "moongate: --lock /nonexistent/dir/x: cannot open the lock file"),
            (["test", "--jobs", "0"], "moongate: --jobs: expected a number of files of at least 1 (got 0)"),
            (["test", "--filter", "a[", "."], "moongate: --filter: not a Lua pattern: a set [ is not closed (got 'a[')"),
            (["test", "--timeout", "0", "."], "moongate: --timeout: expected a number of seconds above 0"),
            (["test", "no-such-spec"], "moongate: test: cannot find no-such-spec (no such file or folder)"),
        ]
        for (args, says) in cases {
            let result = try moongate(args)
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertTrue(first.hasPrefix(says), "moongate \(args.joined(separator: " ")): \(result.stderr)")
            XCTAssertTrue(Self.matches(first), "not in the template: \(first)")
            XCTAssertTrue([64, 75].contains(result.status), "moongate \(args): exit \(result.status)")
        }
    }

    func testScriptMistakesHaveTheTemplate() throws {
        let cases: [(code: String, says: String)] = [
            ("apigateway.client{ timeout = math.huge }",
             "apigateway.client: timeout: expected a number of seconds from 0.001 to 3600 (got inf)"),
            ("apigateway.client{ retries = -1 }", "apigateway.client: retries: expected an integer from 0 to 100 (got -1)"),
            (#"apigateway.client{ signature = "v2" }"#, #"apigateway.client: signature: expected "v3" or "v1" (got "v2")"#),
            ("apigateway.client{ tiemout = 1 }", "apigateway.client: unknown option tiemout (did you mean timeout?)"),
            ("apigateway.client(5)", "apigateway.client: options: expected a table (got "),
            ("apigateway.client{}:call(1)", "bad argument #1 to 'call' (operation name expected, got number)"),
            (#"apigateway.client{}:create_backend{ BackendName = 3, BackendType = "HTTP" }"#,
             "CreateBackend: Moongate.InvalidParameter: BackendName: expected a string (got integer 3)"),
            ("apigateway.client{}:create_bakend{}", "apigateway.Client: unknown operation create_bakend (did you mean create_backend?)"),
            ("moongate.parallel(3, print)", "moongate.parallel: list: expected a table (got number)"),
            ("moongate.json.encode({}, { indent = -3 })", "json.encode: indent: expected an integer from 0 to 16 (got -3)"),
            (#"require("moongate.cleanup").backends{ kep = "keep.txt" }"#, "cleanup.backends: unknown option kep (did you mean keep?"),
            (#"require("moongate.runbook").new{ name = "x", on_failure = "explode" }"#,
             #"runbook.new: x: on_failure: expected "rollback" or "stop" (got explode)"#),
            ("string.rep()", "bad argument #1 to 'rep' (string expected, got no value)"),
        ]
        for (code, says) in cases {
            try script("bad.lua", "local x = 1\n\(code)\n")
            let result = try moongate(["run", "--emulator", "bad.lua"])
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertTrue(first.hasPrefix("bad.lua:2: " + says), "\(code): \(result.stderr)")
            XCTAssertTrue(Self.matches(first), "not in the template: \(first)")
            XCTAssertEqual(result.status, 1, code)
        }
    }

    static func matches(_ line: String) -> Bool {
        template.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }
}
