// A hostile script with real credentials (from the environment, then from an Aliyun CLI profile)
// tries every way out we know of: the environment, the credential files, loaders, metatables,
// custom environments, split writes, coroutines, error objects. The secrets appear in no output,
// audit or plan, and no credential file is opened.
import Foundation
import MoongateTestSupport
import XCTest

final class HostileScriptTests: CommandTestCase {
    static let keyId = "HostileKeyId"
    static let envSecret = "Env-Secret-9f3a2c71"
    static let profileSecret = "Profile-Secret-4be8d0"
    static let oidcToken = "eyJhbGciOiJSUzI1NiJ9.hostile-oidc-token"
    static let declared = "declared-by-script-77c1"

    /// HOME is the test folder: the credential files sit inside the working directory, where a
    /// script may otherwise read.
    func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALIBABA_CLOUD_") }
        env["HOME"] = dir.path
        env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
        env["ALIBABA_CLOUD_REGION_ID"] = "cn-hangzhou"
        env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"] = dir.appendingPathComponent(".alibabacloud/token").path
        return env.merging(extra) { _, new in new }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        for folder in [".aliyun", ".alibabacloud"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try """
            {"current": "hostile", "profiles": [{"name": "hostile", "mode": "AK", "access_key_id": "\(Self.keyId)",
              "access_key_secret": "\(Self.profileSecret)", "region_id": "cn-hangzhou"}]}
            """.write(to: dir.appendingPathComponent(".aliyun/config.json"), atomically: true, encoding: .utf8)
        try "[default]\ntype = access_key\naccess_key_id = \(Self.keyId)\naccess_key_secret = \(Self.profileSecret)\n"
            .write(to: dir.appendingPathComponent(".alibabacloud/credentials.ini"), atomically: true, encoding: .utf8)
        try Self.oidcToken.write(to: dir.appendingPathComponent(".alibabacloud/token"), atomically: true, encoding: .utf8)
        try script("config.lua", "return 'a module named like the credentials file'\n")
    }

    /// Each probe prints one line `name: LEAK …` or `name: ok …`; the test reads them back.
    static let hostile = #"""
        local home = os.getenv("HOME")
        local files = { home .. "/.aliyun/config.json", home .. "/.alibabacloud/credentials.ini",
                        home .. "/.alibabacloud/token", "./.aliyun/config.json", ".aliyun/../.aliyun/config.json" }
        local function probe(name, f, ...)
          local ok, result = pcall(f, ...)
          print(name .. ": " .. ((ok and result) and "LEAK " .. tostring(result) or "ok"))
        end
        for i, path in ipairs(files) do
          probe("io.open " .. i, io.open, path)
          probe("io.lines " .. i, function() return io.lines(path)() end)
          probe("loadfile " .. i, loadfile, path)
          probe("dofile " .. i, dofile, path)
          probe("io.input " .. i, io.input, path)
          probe("rename " .. i, os.rename, path, "stolen.json")
        end
        io.input(io.stdin)
        for _, name in ipairs({ "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "MY_TOKEN" }) do
          probe("getenv " .. name, os.getenv, name)
          probe("load-env " .. name, load("return os.getenv(...)", "x", "t", { os = os }), name)
        end
        -- require of a module named like a credentials file, with package.path pointed at them.
        package.path = home .. "/.aliyun/?.json;" .. home .. "/.alibabacloud/?.ini"
        probe("require config", require, "config")
        probe("require credentials", require, "credentials")
        probe("string metatable", function() return getmetatable("") end)
        -- The client: nothing printable holds the secret.
        print("client: " .. tostring(apigateway.default) .. " " .. moongate.inspect(apigateway.default))
        -- Secrets the script knows (declared, or typed in): in parameters, split across writes, formatted,
        -- in coroutines, in errors. (A script that transforms a secret it knows can always print it; what
        -- it cannot do is learn the credentials, and Moongate's own output never shows a known one.)
        local s = moongate.secret("declared-by-script-77c1")
        local env = arg[1] .. arg[2]   -- the run's secret, typed in by the script's author in two halves
        local created = apigateway.default:create_backend{ BackendName = "hostile", BackendType = "HTTP",
                                                           Description = "made with " .. env .. " and " .. s }
        print("created: " .. tostring(created.BackendId ~= nil))
        io.write("split: declared-by-") io.write("script-77c1 and " .. arg[1]) io.stdout:write(arg[2] .. "\n")
        io.stderr:write(string.format("stderr: %s %q\n", s, env))
        coroutine.wrap(function() print("coroutine: " .. s .. env) end)()
        moongate.log.info("log " .. s, { note = env, json = moongate.json.encode({ v = env }) })
        print(moongate.json.encode({ value = s, nested = { env } }))
        error(setmetatable({}, { __tostring = function() return "error object holding " .. s .. " " .. env end }))
        """#

    func testNoSecretLeavesThroughAnyPathWithEnvironmentCredentials() throws {
        let (emulator, port) = try startEmulator(["--access-key-id", Self.keyId, "--access-key-secret", Self.envSecret])
        defer { emulator.signal(SIGKILL) }
        let s = try script("hostile.lua", Self.hostile)
        let env = environment(["ALIBABA_CLOUD_ACCESS_KEY_ID": Self.keyId, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": Self.envSecret,
                               "MY_TOKEN": "my-own-token-5512"])
        let run = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", "audit.jsonl", s, "Env-Secret-", "9f3a2c71"],
                               environment: env)
        XCTAssertEqual(run.status, 1, "the script ends with its error object: \(run.stderr)")
        assertContained(run, extraSecrets: ["my-own-token-5512"])

        let dry = try moongate(["run", "--dry-run", "--plan", "plan.jsonl", "--endpoint", "http://127.0.0.1:\(port)", s, "Env-Secret-", "9f3a2c71"],
                               environment: env)
        XCTAssertEqual(dry.status, 1, dry.stderr)
        let plan = read("plan.jsonl") ?? ""
        XCTAssertTrue(plan.contains("CreateBackend"), plan)
        for secret in [Self.envSecret, Self.declared] {
            XCTAssertFalse(plan.contains(secret) || dry.stdout.contains(secret) || dry.stderr.contains(secret), "plan or output shows \(secret)")
        }
    }

    func testTheRunbookJournalShowsNoSecret() throws {
        // Secrets under innocent names (ctx.note, a -p parameter) in a runbook that fails, so its journal
        // is kept on disk for --resume: the journal masks known values, not only secret-named fields.
        let s = try script("rb.lua", """
            local rb = require("moongate.runbook").new{ name = "leaky", params = { label = { default = "x" } } }
            rb:step("remember", function(ctx)
              ctx.note = "typed " .. arg[1] .. arg[2]
              ctx.declared = moongate.secret("declared-by-script-77c1")
            end)
            rb:step("fail", function() error("stop here") end)
            rb:run()
            """)
        let env = environment(["ALIBABA_CLOUD_ACCESS_KEY_ID": Self.keyId, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": Self.envSecret])
        let run = try moongate(["run", "--emulator", "--audit", "logs.jsonl", "-p", "label=\(Self.envSecret)", s, "Env-Secret-", "9f3a2c71"],
                               environment: env)
        XCTAssertEqual(run.status, 1, run.stderr)
        let journal = try XCTUnwrap(read("leaky.journal.json"), "the failed runbook's journal, beside the audit log")
        XCTAssertTrue(journal.contains("\"note\": \"typed ***\""), journal)
        XCTAssertTrue(journal.contains("\"label\": \"***\""), journal)
        for secret in [Self.envSecret, Self.declared] {
            XCTAssertFalse(journal.contains(secret) || run.stdout.contains(secret) || run.stderr.contains(secret), "shows \(secret):\n\(journal)")
        }
    }

    func testNoSecretLeavesWithProfileCredentials() throws {
        let (emulator, port) = try startEmulator(["--access-key-id", Self.keyId, "--access-key-secret", Self.profileSecret])
        defer { emulator.signal(SIGKILL) }
        let s = try script("hostile.lua", Self.hostile)
        let run = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", "audit.jsonl", s, "Profile-Secret-", "4be8d0"],
                               environment: environment(["ALIBABA_CLOUD_PROFILE": "hostile"]))
        XCTAssertEqual(run.status, 1, run.stderr)
        assertContained(run, extraSecrets: [])
    }

    func testNoSecretLeavesWithRRSACredentials() throws {
        // RRSA on Kubernetes: the OIDC token file is exchanged at STS for temporary credentials. The script
        // types in the OIDC token itself; the STS secret and token it never learns.
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let s = try script("hostile.lua", Self.hostile)
        let env = environment(["ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1234567890123456:role/deployer",
                               "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1234567890123456:oidc-provider/ack-rrsa",
                               "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"])
        let half = Self.oidcToken.index(Self.oidcToken.startIndex, offsetBy: 12)
        let run = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", "audit.jsonl", s,
                                String(Self.oidcToken[..<half]), String(Self.oidcToken[half...])], environment: env)
        XCTAssertEqual(run.status, 1, run.stderr)
        assertContained(run, extraSecrets: [])
        let stsToken = try NSRegularExpression(pattern: "CAIS[A-Za-z0-9]{16,}")
        for text in [run.stdout, run.stderr, read("audit.jsonl") ?? ""] {
            XCTAssertNil(stsToken.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "an STS token shows:\n\(text)")
        }
    }

    func testTheConfirmationQuestionOnTheTerminalIsMasked() throws {
        // host.confirm asks on /dev/tty, past the masked stdout and stderr: `script` gives the run a real
        // terminal, and the answer typed there.
        let script = try requiredProgram("/usr/bin/script", package: "bsdutils")
        let s = try self.script("ask.lua", """
            local s = moongate.secret("tty-secret-5521")
            print("answer", require("moongate.host").confirm("Delete backend " .. s .. "?"))
            """)
        let terminal = Process()
        terminal.executableURL = script
        terminal.arguments = ["-qec", "\(Self.binary.path) run \(s)", "/dev/null"]
        terminal.currentDirectoryURL = dir
        let input = Pipe(), output = Pipe()
        terminal.standardInput = input
        terminal.standardOutput = output
        try terminal.run()
        input.fileHandleForWriting.write(Data("y\n".utf8))
        let seen = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        terminal.waitUntilExit()
        XCTAssertTrue(seen.contains("Delete backend ***? [y/N]"), seen)
        XCTAssertTrue(seen.contains("answer\ttrue"), "the question was asked and answered on the terminal: \(seen)")
        XCTAssertFalse(seen.contains("tty-secret-5521"), seen)
    }

    private func assertContained(_ run: MoongateProcess.Result, extraSecrets: [String]) {
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let probes = lines.filter { $0.hasPrefix("io.") || $0.hasPrefix("loadfile") || $0.hasPrefix("dofile")
            || $0.hasPrefix("rename") || $0.hasPrefix("getenv") || $0.hasPrefix("load-env") || $0.hasPrefix("require") }
        XCTAssertEqual(probes.count, 5 * 6 + 3 * 2 + 2, run.stdout)
        XCTAssertEqual(probes.filter { $0.contains("LEAK") }, [], "every probe is refused")
        XCTAssertTrue(lines.contains("created: true"), "the script's own signed call works: \(run.stdout) \(run.stderr)")
        XCTAssertTrue(lines.contains("split: *** and ***"), run.stdout)
        XCTAssertTrue(run.stderr.contains("stderr: *** \"***\""), run.stderr)
        XCTAssertTrue(run.stderr.contains("error object holding *** ***"), run.stderr)
        XCTAssertFalse(exists("stolen.json"), "no credential file was moved")
        let audit = read("audit.jsonl") ?? ""
        XCTAssertTrue(audit.contains("\"CreateBackend\""), audit)
        let everything = [run.stdout, run.stderr, audit]
        for secret in [Self.envSecret, Self.profileSecret, Self.oidcToken, Self.declared] + extraSecrets {
            for (where_, text) in zip(["stdout", "stderr", "audit"], everything) {
                XCTAssertFalse(text.contains(secret), "\(where_) shows \(secret):\n\(text)")
            }
        }
        XCTAssertEqual(try? String(contentsOf: dir.appendingPathComponent(".aliyun/config.json"), encoding: .utf8)
            .contains(Self.profileSecret), true, "the credential file is untouched")
    }
}
