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
