import Testing
@testable import Districts

/// The duplicate-id check of the population layer: ids equal as Strings are (canonical
/// equivalence), whether kept by their bytes (ASCII) or by String (any other).
@Suite struct FeatureIdsTests {
    @Test func aDuplicateNamesTheFeatureThatGaveItFirst() {
        var ids = FeatureIds()
        for k in 0..<100_000 { #expect(ids.insert("c\(k)", at: k) == nil) }
        for k in stride(from: 0, to: 100_000, by: 997) { #expect(ids.insert("c\(k)", at: 200_000) == k) }
        #expect(ids.insert("c100000", at: 7) == nil)
    }

    /// Ids in increasing order (compared with the one before only), then one out of order: a
    /// repeat of an early one, then new ones, then a repeat of one from before the break.
    @Test func idsInOrderThenOutOfOrder() {
        var ids = FeatureIds()
        let ordered = (0..<5000).map { "cell-\(String(repeating: "0", count: 5 - String($0).count))\($0)" }
        for (k, id) in ordered.enumerated() { #expect(ids.insert(id, at: k) == nil) }
        #expect(ids.insert("cell-00007", at: 5000) == 7)
        #expect(ids.insert("a", at: 5001) == nil)
        #expect(ids.insert("cell-04999", at: 5002) == 4999)
        #expect(ids.insert("a", at: 5003) == 5001)
        var short = FeatureIds()
        for (k, id) in ["a", "ab", "b", "ba", "bb"].enumerated() { #expect(short.insert(id, at: k) == nil) }
        #expect(short.insert("ab", at: 5) == 1)
        var kelvin = FeatureIds()
        #expect(kelvin.insert("J1", at: 0) == nil && kelvin.insert("K1", at: 1) == nil)
        #expect(kelvin.insert("\u{212A}1", at: 2) == 1)
    }

    /// Ids numbered without padding past a power of ten (`c99999` then `c100000`, as a million
    /// generated cells are) increase by their length: they stay out of the table (compared with
    /// the one before only) and a repeat is still found; a sequence that follows neither order
    /// goes to the table.
    @Test func idsIncreasingByLengthStayOrdered() {
        var ids = FeatureIds()
        for k in 0..<20_000 { #expect(ids.insert(k < 10_000 ? "c\(String(repeating: "0", count: 4 - String(k).count))\(k)" : "c\(k)", at: k) == nil) }
        #expect(!ids.usesTable)
        #expect(ids.insert("c12345", at: 20_000) == 12_345)
        #expect(ids.usesTable)
        var numbers = FeatureIds()
        for k in 1...1000 { #expect(numbers.insert("\(k)", at: k) == nil) }
        #expect(!numbers.usesTable)
        var neither = FeatureIds()
        for (k, id) in ["b", "ab", "c", "ac"].enumerated() { #expect(neither.insert(id, at: k) == nil) }
        #expect(neither.usesTable && neither.insert("ab", at: 4) == 1)
    }

    /// U+212A KELVIN SIGN is "K", "e" + U+0301 is "é", either way round, as Swift compares Strings.
    @Test func canonicallyEqualIdsAreDuplicates() {
        for (a, b) in [("K1", "\u{212A}1"), ("\u{212A}1", "K1"), ("caf\u{E9}", "cafe\u{301}"), ("cafe\u{301}", "caf\u{E9}")] {
            #expect(a == b)
            var ids = FeatureIds()
            #expect(ids.insert("x", at: 0) == nil)
            #expect(ids.insert(a, at: 1) == nil)
            #expect(ids.insert(b, at: 2) == 1, "\(a) then \(b)")
            #expect(ids.insert("\u{212A}2", at: 3) == nil)
        }
    }
}
