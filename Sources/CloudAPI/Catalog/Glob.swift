import Foundation

/// Shell-style globs for operation names and error codes: `*` any run of characters, `?` one
/// character, everything else literal (case-sensitive, as API names are).
///
/// ```swift
/// Glob("Describe*").matches("DescribeBackendList")   // true
/// GlobList("Describe*,DeleteBackend*").matches("DeleteBackendModel")  // true
/// ```
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern)
    }

    public var description: String { pattern }

    public func matches(_ text: String) -> Bool {
        let subject = Array(text)
        // Iterative matcher with one backtrack point for the last `*`: linear in practice, no recursion.
        var p = 0, s = 0
        var starAt = -1, resumeAt = 0
        while s < subject.count {
            if p < characters.count, characters[p] == "?" || characters[p] == subject[s] {
                p += 1; s += 1
            } else if p < characters.count, characters[p] == "*" {
                starAt = p; resumeAt = s; p += 1
            } else if starAt >= 0 {
                p = starAt + 1; resumeAt += 1; s = resumeAt
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}

/// A comma-separated list of globs (`--allow 'Describe*,DeleteBackend*'`); matches when any glob does.
public struct GlobList: Sendable, Equatable, CustomStringConvertible {
    public let globs: [Glob]

    public init(_ list: String) {
        globs = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map(Glob.init)
    }

    public var description: String { globs.map(\.pattern).joined(separator: ",") }

    public func matches(_ text: String) -> Bool { globs.contains { $0.matches(text) } }
}
