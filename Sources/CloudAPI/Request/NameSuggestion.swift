// Did-you-mean suggestions for misspelt parameter and operation names.

/// ```swift
/// NameSuggestion.closest(to: "BackendNme", among: ["BackendName", "BackendType"])   // "BackendName"
/// ```
public enum NameSuggestion {
    /// The candidate closest to `name` by case-insensitive edit distance, when close enough to be a
    /// plausible typo (at most a third of the name's length, and at least 2 edits allowed); else a
    /// candidate that starts with the name (`Stage` → `StageName`).
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let target = Array(lowered.unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, target.count / 3) { return best.name }
        guard target.count >= 3 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(lowered) }
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
