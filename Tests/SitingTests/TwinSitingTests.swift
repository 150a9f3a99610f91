import Model
import Testing
@testable import Siting

// The twin-aware model (capped weighted p-median over `TwinTerms`): a hand-checked instance
// where it picks another site than p-median, and random instances against enumeration with
// the test's own plain objective.

/// Two cells, two candidates. Cell 0 (100 residents, digital, its item online at 15 minutes)
/// is 1 minute from site 0 and 20 from site 1; cell 1 (60 residents, not digital, weight 2, no
/// remote option) is 20 from site 0 and 1 from site 1. 10 completions per 1,000 a year, one
/// trip (multiplier 2).
func twoClusters() -> (SitingInstance, TwinTerms) {
    let instance = SitingInstance(populations: [100, 60], siteCount: 2, candidateCount: 2, fixed: [],
                                  cells: [0, 0, 1, 1], sites: [0, 1, 0, 1], minutes: [1, 20, 20, 1])
    let terms = TwinTerms(cells: [0, 1], weights: [100 * 0.01, 60 * 0.01 * 2], multipliers: [2, 2], caps: [15, .infinity],
                          groups: [0, 0], groupSites: [[true, true]])
    return (instance, terms)
}

@Test("twin picks the site of the not-digital cluster where p-median picks the bigger one")
func twinDiffersFromPMedian() throws {
    let (instance, terms) = twoClusters()
    // p-median: site 0 = 100·1 + 60·20 = 1,300; site 1 = 100·20 + 60·1 = 2,060.
    let median = try SiteSelection.solve(instance, model: .pmedian(p: 1))
    #expect(median.selected == [0] && median.objective == 1300)
    // Twin: site 0 = 1·min(15, 2·1) + 1.2·2·20 = 2 + 48 = 50; site 1 = 1·min(15, 40) + 1.2·2·1 = 15 + 2.4 = 17.4.
    let twin = try SiteSelection.solve(instance, model: .twin(p: 1, terms: terms))
    #expect(twin.selected == [1])
    #expect(abs(twin.objective - 17.4) < 1e-12)
    #expect(twin.unreachedCompletions == 0)
    #expect(SitingObjective.value(.twin(p: 1, terms: terms), instance, selected: [0]) == 50)
    if let bound = twin.bound { #expect(bound <= 17.4 + 1e-9) }
}

@Test("a term without any option is left out of the objective and counted as unreached")
func twinUnreachedTerm() throws {
    let (_, terms) = twoClusters()
    // Site 1 cannot serve the items of cell 1's group: cell 1 has no option at all.
    var t = terms
    t.groups = [0, 1]
    t.groupSites = [[true, true], [true, false]]
    let only0 = SitingInstance(populations: [100, 60], siteCount: 2, candidateCount: 2, fixed: [],
                               cells: [0, 0, 1], sites: [0, 1, 1], minutes: [1, 20, 1])
    let result = try SiteSelection.solve(only0, model: .twin(p: 1, terms: t))
    // Site 0 is the only one cell 1 could use, but it has no pair to it: unreached either way;
    // then site 0 gives cell 0 min(15, 2) = 2 against 15 at site 1.
    #expect(result.selected == [0])
    #expect(abs(result.objective - 2) < 1e-12)
    #expect(abs((result.unreachedCompletions ?? 0) - 1.2) < 1e-12)
    // Cell 1 is unreached whatever opens, so the bound still speaks of the rest (optimum 2).
    #expect(result.bound.map { $0 <= 2 + 1e-12 && $0 > 0 } == true, "\(String(describing: result.bound))")
}

/// Random terms over a `RandomCase`: 1 to 3 terms per cell, multipliers 0 to 4, caps from 5 to
/// 60 minutes or none, three capability groups of random sites (fixed sites included).
func randomTerms(_ c: RandomCase, seed: UInt64) -> TwinTerms {
    var rng = SeededGenerator(seed: seed)
    let groupSites = (0..<3).map { _ in (0..<c.siteCount).map { _ in rng.unit() < 0.7 } }
    var cells: [Int32] = [], weights: [Double] = [], multipliers: [Double] = [], caps: [Double] = [], groups: [Int32] = []
    for i in c.populations.indices {
        for _ in 0..<(1 + rng.int(0...3 - 1)) {
            cells.append(Int32(i))
            weights.append(Double(1 + rng.int(0...50 - 1)) / 10)
            multipliers.append(Double(rng.int(0...5 - 1)))
            caps.append(rng.unit() < 0.3 ? .infinity : 5 + rng.unit() * 55)
            groups.append(Int32(rng.int(0...3 - 1)))
        }
    }
    return TwinTerms(cells: cells, weights: weights, multipliers: multipliers, caps: caps, groups: groups, groupSites: groupSites)
}

/// (unreached weight, objective) of new sites `open`, computed plainly from the case's pairs.
func plainTwin(_ c: RandomCase, _ terms: TwinTerms, _ open: [Int]) -> (unreached: Double, objective: Double) {
    var unreached = 0.0, objective = 0.0
    for t in 0..<terms.count {
        let i = Int(terms.cells[t])
        let d = (open + c.fixed).filter { terms.groupSites[Int(terms.groups[t])][$0] }.compactMap { c.pairs[i][$0] }.min() ?? .infinity
        let cost = d.isFinite ? min(terms.caps[t], terms.multipliers[t] * d) : terms.caps[t]
        if cost.isFinite { objective += terms.weights[t] * cost } else { unreached += terms.weights[t] }
    }
    return (unreached, objective)
}

@Test("twin heuristic equals the enumerated optimum on small random instances", arguments: cases.indices)
func twinMatchesEnumeration(_ index: Int) throws {
    let (name, c) = cases[index]
    let instance = c.instance
    for p in [1, 2, min(4, c.selectable.count)] {
        let terms = randomTerms(c, seed: UInt64(1000 + index * 10 + p))
        // Lexicographic optimum: least unreached weight, then least objective.
        let best = c.subsets(p).map { plainTwin(c, terms, $0) }
            .min { $0.unreached < $1.unreached - 1e-12 || (abs($0.unreached - $1.unreached) <= 1e-12 && $0.objective < $1.objective) }
        guard let best else { continue }
        let result = try SiteSelection.solve(instance, model: .twin(p: p, terms: terms))
        #expect(result.selected.count == p && Set(result.selected).isDisjoint(with: c.fixed), "\(name) p=\(p)")
        let mine = plainTwin(c, terms, result.selected)
        #expect(close(result.objective, mine.objective), "\(name) p=\(p): reported \(result.objective), sites give \(mine.objective)")
        #expect(close(result.unreachedCompletions ?? -1, mine.unreached), "\(name) p=\(p)")
        #expect(close(mine.unreached, best.unreached), "\(name) p=\(p): unreached \(mine.unreached) vs \(best.unreached)")
        #expect(close(result.objective, best.objective), "\(name) p=\(p): \(result.objective) vs optimum \(best.objective)")
        if let b = result.bound { #expect(b <= best.objective + 1e-6 * max(1, best.objective), "\(name) p=\(p): bound \(b)") }
    }
}
