// TestReport: what `moongate test` prints — a line per file as it ends and a summary, or TAP —
// and the JUnit XML file CI systems read.
import Foundation

public enum TestReport {
    /// The line printed when a file ends: `PASS spec/a_spec.lua (3 passed, 1 pending, 0.12 s)`.
    public static func fileLine(_ file: TestFileResult) -> String {
        var counts = ["\(file.passed) passed"]
        if file.failed > 0 { counts.append("\(file.failed) failed") }
        if file.pending > 0 { counts.append("\(file.pending) pending") }
        counts.append(String(format: "%.2f s", file.seconds))
        return "\(file.failed > 0 ? "FAIL" : "PASS") \(file.path) (\(counts.joined(separator: ", ")))"
    }

    /// Every failure with its message and output, the pending tests, and the closing `N passed, N failed`.
    public static func summary(_ files: [TestFileResult]) -> String {
        var lines: [String] = []
        for file in files {
            if let error = file.fileError {
                lines += ["", "FAILED \(file.path)", indent(error)]
            }
            for test in file.tests {
                guard case .failed(let message) = test.status else { continue }
                lines += ["", "FAILED \(test.location): \(test.name)", indent(message)]
                if !test.output.isEmpty { lines += ["  output:", indent(test.output, by: "    ")] }
            }
        }
        let pending = files.flatMap { $0.tests.filter { $0.status == .pending } }
        if !pending.isEmpty {
            lines += ["", "\(pending.count) pending:"] + pending.map { "  \($0.location): \($0.name)" }
        }
        lines += ["", closingLine(files)]
        return lines.joined(separator: "\n")
    }

    public static func closingLine(_ files: [TestFileResult]) -> String {
        "\(files.reduce(0) { $0 + $1.passed }) passed, \(files.reduce(0) { $0 + $1.failed }) failed"
    }

    private static func indent(_ text: String, by prefix: String = "  ") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .reversed().drop { $0.isEmpty }.reversed()
            .map { prefix + $0 }.joined(separator: "\n")
    }

    // MARK: - TAP

    /// TAP version 13: one `ok`/`not ok` per test (a file's own error counts as one), YAML details
    /// for failures, `# SKIP` for pending tests; the counts as a closing comment.
    public static func tap(_ files: [TestFileResult]) -> String {
        var lines = ["TAP version 13"]
        var number = 0
        func line(_ ok: Bool, _ name: String, directive: String = "", message: String? = nil, at: String? = nil) {
            number += 1
            lines.append("\(ok ? "ok" : "not ok") \(number) - \(name.replacingOccurrences(of: "#", with: "\\#"))\(directive)")
            if let message {
                lines += ["  ---", "  message: \(yamlQuoted(message))"]
                if let at { lines.append("  at: \(yamlQuoted(at))") }
                lines.append("  ...")
            }
        }
        for file in files {
            if let error = file.fileError { line(false, file.path, message: error, at: file.path) }
            for test in file.tests {
                let name = "\(file.path): \(test.name)"
                switch test.status {
                case .passed: line(true, name)
                case .pending: line(true, name, directive: " # SKIP pending")
                case .failed(let message): line(false, name, message: message, at: test.location)
                }
            }
        }
        lines.append("1..\(number)")
        lines.append("# " + closingLine(files))
        return lines.joined(separator: "\n")
    }

    private static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out += scalar.value < 0x20 ? String(format: "\\x%02X", scalar.value) : String(scalar)
            }
        }
        return out + "\""
    }

    // MARK: - JUnit XML

    /// One `<testsuite>` per file, one `<testcase>` per test (`<failure>`, `<skipped/>`); a file's own
    /// error is an `<error>` test case named after the file.
    public static func junit(_ files: [TestFileResult]) -> String {
        let total = files.reduce(0) { $0 + $1.tests.count + ($1.fileError == nil ? 0 : 1) }
        let failures = files.reduce(0) { $0 + $1.failed - ($1.fileError == nil ? 0 : 1) }
        let errors = files.filter { $0.fileError != nil }.count
        let skipped = files.reduce(0) { $0 + $1.pending }
        let seconds = files.reduce(0) { $0 + $1.seconds }
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#,
                     #"<testsuites name="moongate test" tests="\#(total)" failures="\#(failures)" errors="\#(errors)" skipped="\#(skipped)" time="\#(time(seconds))">"#]
        for file in files {
            let path = xml(file.path)
            lines.append(#"  <testsuite name="\#(path)" file="\#(path)" tests="\#(file.tests.count + (file.fileError == nil ? 0 : 1))" failures="\#(file.failed - (file.fileError == nil ? 0 : 1))" errors="\#(file.fileError == nil ? 0 : 1)" skipped="\#(file.pending)" time="\#(time(file.seconds))">"#)
            if let error = file.fileError {
                lines.append(#"    <testcase classname="\#(path)" name="\#(path)" file="\#(path)" time="0">"#)
                lines.append(#"      <error message="\#(xml(firstLine(error)))">\#(xml(error))</error>"#)
                lines.append("    </testcase>")
            }
            for test in file.tests {
                let line = test.location.split(separator: ":").last.flatMap { Int($0) }.map { #" line="\#($0)""# } ?? ""
                let open = #"    <testcase classname="\#(path)" name="\#(xml(test.name))" file="\#(path)"\#(line) time="\#(time(test.seconds))""#
                switch test.status {
                case .passed: lines.append(open + "/>")
                case .pending: lines += [open + ">", "      <skipped/>", "    </testcase>"]
                case .failed(let message):
                    lines += [open + ">", #"      <failure message="\#(xml(firstLine(message)))">\#(xml(message))</failure>"#]
                    if !test.output.isEmpty { lines.append("      <system-out>\(xml(test.output))</system-out>") }
                    lines.append("    </testcase>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    private static func firstLine(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }

    /// Text for XML content and attributes; characters XML 1.0 cannot hold become U+FFFD.
    private static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default: out += scalar.value < 0x20 ? "\u{FFFD}" : String(scalar)
            }
        }
        return out
    }
}
