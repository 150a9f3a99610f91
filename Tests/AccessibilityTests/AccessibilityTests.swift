import Foundation
import Model
import Testing
@testable import Accessibility

/// Hand-checked values for every measure, on the `tiny` and `edge` cases of
/// ../shared/peers (ACCESS_FORMULAS.md), written out as arrays so each number can be derived
/// on paper.
@Suite struct AccessibilityTests {
    /// Relative closeness for values derived by hand in a different order of operations.
    func close(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
    }

    func expectValues(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (k, (a, e)) in zip(actual, expected).enumerated() {
            #expect(close(a, e), "cell \(k): \(a) != \(e)", sourceLocation: sourceLocation)
        }
    }

    // tiny: cells c1…c6, sites s1 s2 s3.
    let tiny = AccessInput(
        population: [100, 200, 300, 400, 0, 500], capacity: [10, 6, 3],
        pairs: TravelPairs([(0, 0, 5), (0, 1, 25), (1, 0, 10), (1, 1, 15), (2, 0, 30), (2, 2, 12),
                            (3, 1, 20), (3, 2, 45), (4, 0, 8), (4, 2, 28), (5, 2, 35), (5, 1, 60)]))

    @Test func tinyTwoStageWorkedExample() {
        // Within 30 min: D_s1 = 100+200+300+0, D_s2 = 100+200+400, D_s3 = 300+0 (c3–s1 at exactly
        // 30 counts: the limit is inclusive). c6 has pairs, none within 30: undefined.
        let r1 = 10.0 / 600, r2 = 6.0 / 700, r3 = 3.0 / 300
        expectValues(AccessMeasures.twoStageFCA(tiny, maxMinutes: 30),
                     [r1 + r2, r1 + r2, r1 + r3, r2, r1 + r3, .nan])
        #expect(close(r1 + r2, 0.025238095238095237))
    }

    // edge: cells e1…e9 (0…8); sites sA sZ sP sN from supply.csv (0…3) and sU (4), only in
    // the matrix. The matrix row from x1 (not a cell) is left out, as the loader drops it.
    let edge = AccessInput(
        population: [100, 50, 0, 0, 70, 80, 60, 40, 0], capacity: [5, 0, 2, 4], siteCount: 5,
        pairs: TravelPairs([(0, 0, 10), (0, 4, 5), (1, 0, 20), (1, 1, 8), (2, 2, 15), (3, 2, 25), (3, 0, 29.5),
                            (4, 0, 45), (4, 1, 50), (5, 1, 12), (6, 4, 9), (7, 0, 30), (7, 2, 31)]))
    let edgeNeighbors = TravelPairs([
        (0, 0, 0), (0, 1, 10), (0, 7, 30), (1, 0, 10), (1, 1, 0), (1, 2, 20), (2, 1, 20), (2, 2, 0), (2, 3, 11),
        (3, 2, 11), (3, 3, 0), (4, 4, 0), (4, 5, 35), (5, 4, 35), (5, 5, 0), (5, 6, 25), (6, 5, 25), (6, 6, 0),
        (6, 7, 5), (7, 0, 30), (7, 6, 5), (7, 7, 0), (8, 8, 0)])

    @Test func edgeTwoStageCornerCases() {
        // Within 30: D_sA = 100+50+0+40 = 190 (e5 at 45 is out, e8 at 30 is in), D_sU = 100+60
        // but S_sU = 0 (not in supply) so R_sU = 0, D_sZ = 50+80 so R_sZ = 0, D_sP = 0+0 so
        // R_sP = 2/0 = inf.
        let rA = 5.0 / 190
        expectValues(AccessMeasures.twoStageFCA(edge, maxMinutes: 30), [
            rA,          // e1: sA + sU (0)
            rA,          // e2: sA + sZ (0)
            .infinity,   // e3: only sP, whose catchment has no population
            .infinity,   // e4: sP (inf) + sA
            .nan,        // e5: pairs, but none within 30
            0,           // e6: only a capacity-0 site
            0,           // e7: only a site missing from supply.csv (2SFCA: capacity 0)
            rA,          // e8: sA at exactly 30 (sP at 31 is out)
            .nan,        // e9: no pair at all
        ])
    }

    @Test func edgeEnhancedWithAndWithoutLimit() {
        // Steps {10: 1, 20: 0.68, 30: 0.22}, 0 beyond. D_sA = 100·1 + 50·0.68 + 0·0.22 + 70·0 + 40·0.22
        // = 142.8. D_sP = 0 + 0 + 40·0 = 0, so R_sP = inf, and e8's term inf·w(31) = inf·0 = NaN is skipped.
        let rA = 5.0 / 142.8
        let noLimit = AccessMeasures.enhancedTwoStageFCA(edge)
        expectValues(noLimit, [rA, 0.68 * rA, .infinity, .infinity, 0, 0, 0, 0.22 * rA, .nan])
        // With max 30 minutes only e5 changes: its pairs are all beyond, so it is undefined, not 0.
        let limited = AccessMeasures.enhancedTwoStageFCA(edge, maxMinutes: 30)
        expectValues(limited, [rA, 0.68 * rA, .infinity, .infinity, .nan, 0, 0, 0.22 * rA, .nan])
        #expect(close(noLimit[0], 0.0350140056022409))
    }

    @Test func edgeGaussian() {
        // w(d) = exp(-d²/450) for σ = 15. Within 30: D_sA = 100·w(10) + 50·w(20) + 0 + 40·w(30).
        func w(_ d: Double) -> Double { exp(-d * d / 450) }
        let rA = 5 / (100 * w(10) + 50 * w(20) + 40 * w(30))
        let values = AccessMeasures.gaussianTwoStageFCA(edge, maxMinutes: 30, sigmaMinutes: 15)
        expectValues(values, [rA * w(10), rA * w(20), .infinity, .infinity, .nan, 0, 0, rA * w(30), .nan])
    }

    @Test func edgeThreeStage() {
        // Steps {10: .962, 20: .704, 30: .377, 60: .042}; G = W / (sum of the cell's W).
        // e3: one pair (sP 15): W = .704, G = 1. e4: sP 25 and sA 29.5, both W = .377, G = 1/2.
        // e8: sA 30 (W .377) and sP 31 (W .042): G_sP = .042/.419. So D_sP = 40·.042·(.042/.419)
        // (e3 and e4 have no population) and A_e3 = R_sP·.704·1 with R_sP = 2/D_sP.
        let dP = 40 * 0.042 * (0.042 / 0.419)
        let values = AccessMeasures.threeStageFCA(edge)
        #expect(close(values[2], 2 / dP * 0.704))
        #expect(close(values[2], 8.360997732426302))
        // e6 and e7: pairs within 60 to capacity-0 / unknown sites: 0. e9: no pair: undefined.
        #expect(values[5] == 0 && values[6] == 0 && values[8].isNaN)
    }

    @Test func edgeCatchmentDropsSitesMissingFromSupply() {
        // Capacity within 30 of supply.csv sites; sU is dropped (not 0 as in 2SFCA), so e7 is
        // undefined, while e6 (capacity-0 site) is 0.
        expectValues(AccessMeasures.cumulative(edge, maxMinutes: 30), [5, 5, 2, 7, .nan, 0, .nan, 5, .nan])
        // Gravity (max(d, 1)/60)^-1 without a limit: e1 = 5·60/10; e4 = 2·60/25 + 5·60/29.5;
        // e5 = 5·60/45 + 0.
        let gravity = AccessMeasures.gravity(edge, scaleMinutes: 60, alpha: -1, minMinutes: 1)
        #expect(close(gravity[0], 30))
        let e4: Double = 2.0 * 60 / 25 + 5.0 * 60 / 29.5
        let e5: Double = 5.0 * 60 / 45
        #expect(close(gravity[3], e4))
        #expect(close(gravity[4], e5))
        #expect(gravity[6].isNaN)
    }

    @Test func edgeNearestIgnoresUnknownSites() {
        // e1's quickest pair (sU at 5) is not a supply site: its nearest is sA at 10.
        expectValues(AccessMeasures.nearestMinutes(edge), [10, 8, 15, 25, 45, 12, .nan, 30, .nan])
        expectValues(AccessMeasures.nearestMinutes(edge, maxMinutes: 30), [10, 8, 15, 25, .nan, 12, .nan, 30, .nan])
    }

    @Test func edgeFCARatio() {
        // Population within 30 by the neighbours table (self pair included), capacity within 30.
        expectValues(AccessMeasures.fcaRatio(edge, neighbors: edgeNeighbors, maxMinutes: 30), [
            5.0 / 190,   // e1: e1 e2 e8 = 100+50+40; sA
            5.0 / 150,   // e2: e1 e2 e3; sA + sZ
            2.0 / 50,    // e3: e2 e3 e4; sP
            .infinity,   // e4: e3 e4 have no population; sP + sA = 7
            0,           // e5: e5 (e6 at 35 is out); no site within 30
            0,           // e6: e6 e7; sZ has capacity 0
            0,           // e7: e6 e7 e8; sU is not a supply site
            5.0 / 200,   // e8: e1 e7 e8; sA at 30 (sP at 31 out)
            .nan,        // e9: population 0 and no capacity: 0/0
        ])
    }

    @Test func normalisationSkipsUndefinedAndInfiniteProducts() {
        // 2SFCA on edge: Σ' P·A = (100+50+40)·5/190 = 5 (0·inf and NaN skipped); Σ P = 400.
        let raw = AccessMeasures.twoStageFCA(edge, maxMinutes: 30)
        let normalized = AccessMeasures.normalized(raw, population: edge.population)
        let mean = 5.0 / 400
        #expect(close(normalized[0], raw[0] / mean) && close(normalized[0], 2.105263157894737))
        #expect(normalized[2] == .infinity && normalized[5] == 0 && normalized[4].isNaN)
        // A populated cell at inf makes the mean inf: finite values become 0, inf becomes NaN.
        let withInf = AccessMeasures.normalized([1, .infinity, .nan], population: [1, 2, 3])
        #expect(withInf[0] == 0 && withInf[1].isNaN && withInf[2].isNaN)
    }

    @Test func stepWeightsAreInclusiveAndValidated() {
        let steps = StepWeight.enhancedDefault
        #expect(steps.weight(10) == 1)
        #expect(steps.weight(10.0001) == 0.68)
        #expect(steps.weight(30) == 0.22)
        #expect(steps.weight(30.5) == 0)
        #expect(StepWeight([(20, 0.5), (10, 1)])?.weight(15) == 0.5)
        #expect(StepWeight([(10, -1)]) == nil)
        #expect(StepWeight([(10, 1), (10, 0.5)]) == nil)
    }

    @Test func resultsDoNotDependOnThreadsOrSegments() {
        // A bigger synthetic matrix, loaded as one segment or as three uneven ones.
        var origins: [Int32] = [], destinations: [Int32] = [], minutes: [Double] = []
        var random = SeededGenerator(seed: 42)
        func next() -> Double { random.unit() }
        for i in 0..<3000 {
            for j in 0..<40 where next() < 0.6 {
                origins.append(Int32(i)); destinations.append(Int32(j)); minutes.append((next() * 900).rounded() / 10)
            }
        }
        let population = (0..<3000).map { _ in (next() * 200).rounded() }
        let capacity = (0..<40).map { _ in (next() * 10).rounded() }
        let one = AccessInput(population: population, capacity: capacity,
                              pairs: TravelPairs(origins: origins, destinations: destinations, minutes: minutes))
        let cut1 = origins.count / 3, cut2 = origins.count * 4 / 5
        func segment(_ r: Range<Int>) -> TravelPairs.Segment {
            TravelPairs.Segment(origins: Array(origins[r]), destinations: Array(destinations[r]), minutes: Array(minutes[r]))
        }
        let three = AccessInput(population: population, capacity: capacity, pairs: TravelPairs(segments: [
            segment(0..<cut1), segment(cut1..<cut2), segment(cut2..<origins.count)]))
        let reference = AccessMeasures.enhancedTwoStageFCA(one, threads: 1)
        for input in [one, three] {
            for threads in [1, 2] {
                let values = AccessMeasures.enhancedTwoStageFCA(input, threads: threads)
                #expect(values.map(\.bitPattern) == reference.map(\.bitPattern))
                let three = AccessMeasures.threeStageFCA(input, threads: threads)
                #expect(three.map(\.bitPattern) == AccessMeasures.threeStageFCA(one, threads: 1).map(\.bitPattern))
            }
        }
    }
}
