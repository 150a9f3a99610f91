import Model
import Testing

/// The seeded generator behind generated districts and the tests' random instances.
@Suite struct SeededGeneratorTests {
    /// The first outputs of SplitMix64 for seed 1234567, as published with Vigna's reference
    /// implementation (splitmix64.c).
    @Test func matchesTheReferenceSplitMix64() {
        var g = SeededGenerator(seed: 1_234_567)
        #expect((0..<5).map { _ in g.next() } == [6457827717110365317, 3203168211198807973, 9817491932198370423,
                                                   4593380528125082431, 16408922859458223821])
    }

    @Test func derivedNumbersStayInTheirRanges() {
        var g = SeededGenerator(seed: 1_234_567)
        // unit() is the top 53 bits of the output: 6457827717110365317 >> 11 / 2^53.
        #expect(g.unit() == Double(6457827717110365317 >> 11) / 9_007_199_254_740_992)
        // int(a...b) is a + output mod count: 3203168211198807973 mod 6 = 3203168211198807973 - 6·533861368533134662.
        #expect(g.int(10...15) == 10 + 1)
        for _ in 0..<1000 {
            let u = g.unit(), x = g.uniform(-2...3), n = g.int(-3...3)
            #expect(u >= 0 && u < 1 && x >= -2 && x <= 3 && (-3...3).contains(n))
        }
    }
}
