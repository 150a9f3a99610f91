/// "Did you mean ...?" for a misspelt key, column, change or command: the known word closest
/// to what was written, when one is close enough to be what was meant.
public enum Suggestion {
    /// The word of `known` nearest to `written`: the fewest single-character edits (case
    /// ignored), at most a third of the word's length (at least 2); else a known word that
    /// `written` begins or that begins `written` (`thresholds` for `thresholds_minutes`).
    /// Nil when nothing is near: a suggestion that is a guess helps nobody.
    public static func closest(to written: String, among known: [String]) -> String? {
        let word = written.lowercased()
        guard !word.isEmpty else { return nil }
        var best: (word: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(word, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, word.count / 3) { return best.word }
        return known.first { candidate in
            let lower = candidate.lowercased()
            return min(lower.count, word.count) >= 4 && (lower.hasPrefix(word) || word.hasPrefix(lower))
        }
    }

    /// " (did you mean 'X'?)" for a message, or "" when nothing is near.
    public static func phrase(for written: String, among known: [String]) -> String {
        closest(to: written, among: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// "; did you mean 'X'?" to end a message that lists the known words, or "".
    public static func question(for written: String, among known: [String]) -> String {
        closest(to: written, among: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over characters: insertions, deletions and substitutions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
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
