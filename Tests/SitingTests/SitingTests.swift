import Model
import MIPSolver
import Testing
@testable import Siting

// Small instances whose optimum the test finds by enumerating every set of sites, with its own
// plain objective code (a dictionary of pairs), checked against the heuristic and exact
// solvers, with and without fixed sites.

/// A random instance: points in a square, minutes = distance (integer minutes when `ties`, so
/// that equal distances occur), pairs beyond `cutoff` left out.
struct RandomCase {
    var populations: [Double] = []
    var pairs: [[Int: Double]] = [] // per cell: site -> minutes
    var siteCount = 0
    var candidateCount = 0
    var fixed: [Int] = []

    init(seed: UInt64, cells: Int, candidates: Int, extraFixed: Int, fixedCandidates: Int, cutoff: Double, ties: Bool) {
        var rng = SeededGenerator(seed: seed)
        candidateCount = candidates
        siteCount = candidates + extraFixed
        let sitePoints = (0..<siteCount).map { _ in (rng.unit() * 40, rng.unit() * 40) }
        for _ in 0..<cells {
            let x = rng.unit() * 40, y = rng.unit() * 40
            populations.append(Double(1 + rng.int(0...100 - 1)))
            var row: [Int: Double] = [:]
            for (j, s) in sitePoints.enumerated() {
                var d = ((x - s.0) * (x - s.0) + (y - s.1) * (y - s.1)).squareRoot()
                if ties { d = d.rounded() }
                if d <= cutoff { row[j] = d }
            }
            pairs.append(row)
        }
        fixed = Array(candidates..<siteCount)
        var pool = Array(0..<candidates)
        for _ in 0..<fixedCandidates { fixed.append(pool.remove(at: rng.int(0...pool.count - 1))) }
    }

    var instance: SitingInstance {
        var cells: [Int32] = [], sites: [Int32] = [], minutes: [Double] = []
        for (i, row) in pairs.enumerated() {
            for (j, d) in row { cells.append(Int32(i)); sites.append(Int32(j)); minutes.append(d) }
        }
        return SitingInstance(populations: populations, siteCount: siteCount, candidateCount: candidateCount,
                              fixed: fixed.map(Int32.init), cells: cells, sites: sites, minutes: minutes)
    }

    var selectable: [Int] { (0..<candidateCount).filter { !fixed.contains($0) } }

    func nearest(_ i: Int, _ open: [Int]) -> Double {
        (open + fixed).compactMap { pairs[i][$0] }.min() ?? .infinity
    }

    /// The objective of new sites `open`, computed plainly.
    func objective(_ model: SitingModel, _ open: [Int]) -> Double {
        switch model {
        case .mclp(_, let r):
            return populations.indices.filter { nearest($0, open) <= r }.reduce(0.0) { $0 + populations[$1] }
        case .pmedian:
            return populations.indices.reduce(0.0) { $0 + populations[$1] * nearest($1, open) }
        case .pcenter:
            return populations.indices.map { nearest($0, open) }.max() ?? 0
        case .lscp:
            return Double(open.count)
        case .twin:
            return .nan // checked by TwinSitingTests with its own plain objective
        }
    }

    /// LSCP: whether `open` (with the fixed sites) covers every cell some site covers.
    func covers(_ open: [Int], radius: Double) -> Bool {
        populations.indices.allSatisfy { i in
            let coverable = pairs[i].values.contains { $0 <= radius }
            return !coverable || nearest(i, open) <= radius
        }
    }

    /// Every subset of the selectable sites of size k.
    func subsets(_ k: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ start: Int, _ current: [Int]) {
            if current.count == k { result.append(current); return }
            guard start < selectable.count else { return }
            for s in start..<selectable.count { extend(s + 1, current + [selectable[s]]) }
        }
        extend(0, [])
        return result
    }

    /// The optimum by enumeration.
    func bruteForce(_ model: SitingModel) -> Double {
        switch model {
        case .mclp(let p, _):
            return subsets(p).map { objective(model, $0) }.max() ?? 0
        case .pmedian(let p), .pcenter(let p):
            return subsets(p).map { objective(model, $0) }.min() ?? .infinity
        case .lscp(let r):
            for k in 0...selectable.count where subsets(k).contains(where: { covers($0, radius: r) }) { return Double(k) }
            return .nan
        case .twin:
            return .nan // checked by TwinSitingTests with its own plain objective
        }
    }
}

func models(_ c: RandomCase) -> [SitingModel] {
    let s = c.selectable.count
    return [.mclp(p: 1, radiusMinutes: 12), .mclp(p: 3, radiusMinutes: 12), .mclp(p: min(5, s), radiusMinutes: 8),
            .pmedian(p: 2), .pmedian(p: min(4, s)), .lscp(radiusMinutes: 12), .lscp(radiusMinutes: 9),
            .pcenter(p: 2), .pcenter(p: min(4, s))]
}

/// Seeds × (no fixed sites, fixed sites among and beside the candidates), with and without ties.
let cases: [(String, RandomCase)] = {
    var result: [(String, RandomCase)] = []
    for seed in 1...4 {
        let s = UInt64(seed)
        result.append(("seed \(seed), no fixed", RandomCase(seed: s, cells: 14, candidates: 8, extraFixed: 0,
                                                            fixedCandidates: 0, cutoff: 60, ties: seed % 2 == 0)))
        result.append(("seed \(seed), fixed", RandomCase(seed: s + 100, cells: 14, candidates: 8, extraFixed: 1,
                                                         fixedCandidates: 1, cutoff: 60, ties: seed % 2 == 1)))
        result.append(("seed \(seed), sparse", RandomCase(seed: s + 200, cells: 12, candidates: 7, extraFixed: 0,
                                                          fixedCandidates: 0, cutoff: 25, ties: true)))
    }
    return result
}()

func close(_ a: Double, _ b: Double) -> Bool {
    a == b || abs(a - b) <= 1e-9 * max(1, abs(b))
}

@Test("exact solutions equal the enumerated optimum", arguments: cases.indices)
func exactMatchesBruteForce(_ index: Int) throws {
    let (name, c) = cases[index]
    let instance = c.instance
    for model in models(c) {
        let optimum = c.bruteForce(model)
        let result = try SiteSelection.solve(instance, model: model, options: SitingOptions(exact: true))
        let recomputed = c.objective(model, result.selected)
        #expect(close(result.objective, recomputed) || (result.objective == .infinity && recomputed == .infinity),
                "\(name) \(model): reported \(result.objective), sites give \(recomputed)")
        if case .lscp(let r) = model {
            #expect(c.covers(result.selected, radius: r), "\(name) \(model): not a cover")
        } else {
            #expect(result.selected.count == model.p, "\(name) \(model)")
        }
        #expect(Set(result.selected).isDisjoint(with: c.fixed), "\(name) \(model): a fixed site is reported as new")
        if optimum.isFinite {
            #expect(close(result.objective, optimum), "\(name) \(model): \(result.objective) vs optimum \(optimum)")
            #expect(result.provenOptimal, "\(name) \(model)")
            #expect(result.gap == 0, "\(name) \(model)")
        } else {
            #expect(result.objective == .infinity, "\(name) \(model)")
            #expect(!result.provenOptimal)
        }
    }
}

@Test("heuristic solutions are valid, and their bounds hold", arguments: cases.indices)
func heuristicBoundsHold(_ index: Int) throws {
    let (name, c) = cases[index]
    let instance = c.instance
    for model in models(c) {
        let optimum = c.bruteForce(model)
        let result = try SiteSelection.solve(instance, model: model)
        let recomputed = c.objective(model, result.selected)
        #expect(close(result.objective, recomputed) || (result.objective == .infinity && recomputed == .infinity),
                "\(name) \(model): reported \(result.objective), sites give \(recomputed)")
        guard optimum.isFinite else { continue }
        let maximize: Bool
        if case .mclp = model { maximize = true } else { maximize = false }
        // Never better than the optimum; the bound lies on the optimum's other side.
        if maximize {
            #expect(result.objective <= optimum + 1e-9, "\(name) \(model)")
            if let b = result.bound { #expect(b >= optimum - 1e-6 * max(1, optimum), "\(name) \(model): bound \(b) < optimum \(optimum)") }
        } else {
            #expect(result.objective >= optimum - 1e-9 * max(1, optimum), "\(name) \(model)")
            if let b = result.bound { #expect(b <= optimum + 1e-6 * max(1, optimum), "\(name) \(model): bound \(b) > optimum \(optimum)") }
        }
        if result.provenOptimal { #expect(close(result.objective, optimum), "\(name) \(model): claims optimal") }
        if let b = result.bound, let gap = result.gap {
            #expect(close(gap, abs(result.objective - b) / abs(result.objective)) || (gap == 0 && result.objective == b))
        }
    }
}

@Test("fixed sites count in the objective but not in p")
func fixedSitesAreOpenBesideP() throws {
    // Cells at 0, 10, 20, 30 minutes along a line; sites A(0) B(10) C(20) D(30); D is fixed.
    let minutes: [[Double]] = [[0, 10, 20, 30], [10, 0, 10, 20], [20, 10, 0, 10], [30, 20, 10, 0]]
    var cells: [Int32] = [], sites: [Int32] = [], values: [Double] = []
    for i in 0..<4 { for j in 0..<4 { cells.append(Int32(i)); sites.append(Int32(j)); values.append(minutes[i][j]) } }
    let instance = SitingInstance(populations: [1, 2, 3, 4], siteCount: 4, candidateCount: 4, fixed: [3],
                                  cells: cells, sites: sites, minutes: values)
    for exact in [false, true] {
        // One new site besides D: B serves cells 0,1 (10·1 + 0·2), C–D serve 2,3: total 10.
        // A: 0 + 10·2 + 10·3 + 0 = 50; B: 10 + 0 + 10·3 = 40; C: 20 + 10·2 + 0 + 0 = 40. Best: B or C = 40.
        let median = try SiteSelection.solve(instance, model: .pmedian(p: 1), options: SitingOptions(exact: exact))
        #expect(median.objective == 40)
        #expect(median.selected == [1]) // ties go to the lower site number
        // Covering within 10 minutes: D covers cells 2 and 3; one new site must cover 0 and 1: A or B.
        let lscp = try SiteSelection.solve(instance, model: .lscp(radiusMinutes: 10), options: SitingOptions(exact: exact))
        #expect(lscp.objective == 1 && lscp.provenOptimal)
        let center = try SiteSelection.solve(instance, model: .pcenter(p: 1), options: SitingOptions(exact: exact))
        #expect(center.objective == 10)
        #expect(center.provenOptimal || !exact) // the heuristic's bound (0 here) cannot prove it
        let mclp = try SiteSelection.solve(instance, model: .mclp(p: 1, radiusMinutes: 0), options: SitingOptions(exact: exact))
        #expect(mclp.objective == 4 + 3) // D covers cell 3 (pop 4), the best new site cell 2 (pop 3)
        #expect(mclp.selected == [2])
    }
}

@Test("p-median with a cell no site reaches is infinite, and reported as unreached")
func unreachableCellIsInfinitelyFar() throws {
    // Cell 1 has no pair at all.
    let instance = SitingInstance(populations: [5, 7], siteCount: 2, candidateCount: 2, fixed: [],
                                  cells: [0, 0], sites: [0, 1], minutes: [3, 4])
    for exact in [false, true] {
        let result = try SiteSelection.solve(instance, model: .pmedian(p: 1), options: SitingOptions(exact: exact))
        #expect(result.objective == .infinity)
        #expect(result.unreachedPopulation == 7)
        #expect(result.bound == nil && result.gap == nil && !result.provenOptimal)
        // LSCP leaves the cell out and says so.
        let lscp = try SiteSelection.solve(instance, model: .lscp(radiusMinutes: 3), options: SitingOptions(exact: exact))
        #expect(lscp.selected == [0] && lscp.uncoverableCells == 1)
    }
}

@Test("p larger than the openable candidates is a usage error")
func tooManySites() throws {
    let instance = SitingInstance(populations: [1], siteCount: 2, candidateCount: 2, fixed: [1],
                                  cells: [0], sites: [0], minutes: [1])
    #expect {
        try SiteSelection.solve(instance, model: .pmedian(p: 2))
    } throws: { error in
        "\(error)" == "--p: 2 new sites asked for, but only 1 candidate can be opened"
    }
}

@Test("CBC solves a small integer program to its known optimum")
func mipKnownOptimum() throws {
    // max 5x + 4y + 3z  s.t. 2x + 3y + z <= 5, 4x + y + 2z <= 11, 3x + 4y + 2z <= 8, x, y, z >= 0
    // integer: optimum 13 at (2, 0, 1) (the LP optimum is integral here too).
    var problem = MIPProblem(sense: .maximize)
    for c in [5.0, 4, 3] { problem.addColumn(MIPProblem.Column(lower: 0, upper: 10, objective: c, isInteger: true)) }
    problem.addRow([0, 1, 2], [2, 3, 1], upper: 5)
    problem.addRow([0, 1, 2], [4, 1, 2], upper: 11)
    problem.addRow([0, 1, 2], [3, 4, 2], upper: 8)
    let solution = try MIPSolver.solve(problem)
    #expect(solution.status == .optimal)
    #expect(solution.objective == 13)
    #expect(solution.values == [2, 0, 1])
    #expect(solution.bestBound == 13)

    // A knapsack whose LP relaxation is fractional: max 10a + 13b + 7c, 4a + 6b + 3c <= 9,
    // binary: LP 21.67 (a = 1, b = 5/6); integer optimum 17 (a, c) vs 20 (b, c): 20.
    var knapsack = MIPProblem(sense: .maximize)
    for c in [10.0, 13, 7] { knapsack.addColumn(.binary(objective: c)) }
    knapsack.addRow([0, 1, 2], [4, 6, 3], upper: 9)
    let k = try MIPSolver.solve(knapsack, options: MIPOptions(warmStart: [(0, 1), (2, 1)]))
    #expect(k.status == .optimal && k.objective == 20 && k.values == [0, 1, 1])

    // Infeasible: x + y >= 3 with binary x, y.
    var infeasible = MIPProblem()
    infeasible.addColumn(.binary(objective: 1))
    infeasible.addColumn(.binary(objective: 1))
    infeasible.addRow([0, 1], [1, 1], lower: 3)
    #expect(try MIPSolver.solve(infeasible).status == .infeasible)
}
