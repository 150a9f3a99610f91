import Model
import Foundation
import MIPSolver
import TestSupport
import Testing
@testable import Siting

// Set covering (LSCP): spopt's San Francisco test instance, and random instances on which the
// covering heuristic must be no worse than greedy with redundancy removal and no better than
// CBC's optimum.

/// spopt's San Francisco instance (see Fixtures/spopt-sf/README.md): 205 tracts × 16 stores,
/// network metres; tracts and stores numbered in sorted id order.
struct SanFrancisco {
    var tracts: [String] = []
    var stores: [String] = []
    var instance: SitingInstance

    init() throws {
        let url = Paths.repo.appendingPathComponent("Tests/SitingTests/Fixtures/spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        var rows: [(tract: String, store: String, metres: Double, pop: Double)] = []
        for line in lines {
            let f = line.split(separator: ",").map(String.init)
            rows.append((f[2], f[1], Double(f[0]) ?? .nan, Double(f[3]) ?? .nan))
        }
        tracts = Array(Set(rows.map(\.tract))).sorted()
        stores = Array(Set(rows.map(\.store))).sorted()
        let tractNumber = Dictionary(uniqueKeysWithValues: tracts.enumerated().map { ($0.element, Int32($0.offset)) })
        let storeNumber = Dictionary(uniqueKeysWithValues: stores.enumerated().map { ($0.element, Int32($0.offset)) })
        var populations = [Double](repeating: 0, count: tracts.count)
        for r in rows { populations[Int(tractNumber[r.tract] ?? 0)] = r.pop }
        instance = SitingInstance(populations: populations, siteCount: stores.count, candidateCount: stores.count, fixed: [],
                                  cells: rows.map { tractNumber[$0.tract] ?? -1 }, sites: rows.map { storeNumber[$0.store] ?? -1 },
                                  minutes: rows.map(\.metres))
    }
}

/// Whether `open` covers every cell that some site reaches within `radius`.
func coversAllCoverable(_ instance: SitingInstance, _ open: [Int], radius: Double) -> Bool {
    let isOpen = Set(open)
    for i in 0..<instance.cellCount {
        let within = (instance.rowStarts[i]..<instance.rowStarts[i + 1]).filter { instance.rowMinutes[$0] <= radius }
        if within.isEmpty { continue }
        if !within.contains(where: { isOpen.contains(Int(instance.rowSites[$0])) }) { return false }
    }
    return true
}

@Test("spopt's San Francisco LSCP: 8 stores within 5000, proven, without --exact")
func sanFranciscoDefaultIsOptimal() throws {
    let sf = try SanFrancisco()
    #expect(sf.instance.cellCount == 205 && sf.instance.siteCount == 16 && sf.instance.pairCount == 3280)
    let result = try SiteSelection.solve(sf.instance, model: .lscp(radiusMinutes: 5000))
    #expect(result.objective == 8, "\(result.selected.map { sf.stores[$0] })")
    #expect(result.selected.count == 8)
    #expect(coversAllCoverable(sf.instance, result.selected, radius: 5000))
    #expect(result.provenOptimal && result.status == .optimal && result.gap == 0)
    #expect(result.uncoverableCells == 0)
}

@Test("spopt's San Francisco LSCP: the heuristic alone finds 8 and its bound proves it")
func sanFranciscoHeuristic() throws {
    let sf = try SanFrancisco()
    let cover = CoverProblem(sf.instance, radiusMinutes: 5000)
    let (sites, bound) = cover.heuristic(siteCount: 16)
    #expect(sites.count == 8 && bound == 8, "\(sites.map { sf.stores[$0] }), bound \(bound)")
    #expect(coversAllCoverable(sf.instance, sites, radius: 5000))
}

@Test("spopt's San Francisco LSCP at radius 20: every tract is uncoverable (spopt: Infeasible)")
func sanFranciscoInfeasibleRadius() throws {
    let sf = try SanFrancisco()
    #expect(SiteSelection.uncoverableCells(sf.instance, radiusMinutes: 20) == Array(0..<205))
    #expect(SiteSelection.uncoverableCells(sf.instance, radiusMinutes: 5000).isEmpty)
}

/// Greedy set cover (most uncovered cells, ties: the lowest site number), then redundancy
/// removal (sites covering most cells first, ties: the lowest number), written plainly: the
/// yardstick the heuristic must not lose to.
func greedyWithRedundancyRemoval(_ sets: [Set<Int>], siteCount: Int) -> [Int] {
    var columns = [Set<Int>](repeating: [], count: siteCount)
    for (k, set) in sets.enumerated() { for j in set { columns[j].insert(k) } }
    var uncovered = Set(sets.indices)
    var picked: [Int] = []
    while !uncovered.isEmpty {
        var best = -1, bestCount = 0
        for j in 0..<siteCount {
            let c = columns[j].intersection(uncovered).count
            if c > bestCount { best = j; bestCount = c }
        }
        picked.append(best)
        uncovered.subtract(columns[best])
    }
    var open = Set(picked)
    for j in picked.sorted(by: { columns[$0].count > columns[$1].count || (columns[$0].count == columns[$1].count && $0 < $1) }) {
        let others = open.subtracting([j])
        if columns[j].allSatisfy({ k in sets[k].contains(where: { others.contains($0) }) }) { open = others }
    }
    return open.sorted()
}

@Test("LSCP: the heuristic lies between greedy with redundancy removal and CBC's optimum; small instances get the optimum by default",
      arguments: 1...40)
func coveringHeuristicBetweenGreedyAndOptimum(_ seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed) &* 7919)
    let cellCount = 30 + rng.int(0...50 - 1), siteCount = 12 + rng.int(0...20 - 1)
    let sites = (0..<siteCount).map { _ in (rng.unit() * 100, rng.unit() * 100) }
    var cells: [Int32] = [], siteList: [Int32] = [], minutes: [Double] = []
    for i in 0..<cellCount {
        let x = rng.unit() * 100, y = rng.unit() * 100
        for (j, s) in sites.enumerated() {
            let d = ((x - s.0) * (x - s.0) + (y - s.1) * (y - s.1)).squareRoot()
            if d <= 40 { cells.append(Int32(i)); siteList.append(Int32(j)); minutes.append(d.rounded()) }
        }
    }
    let instance = SitingInstance(populations: [Double](repeating: 1, count: cellCount), siteCount: siteCount,
                                  candidateCount: siteCount, fixed: [], cells: cells, sites: siteList, minutes: minutes)
    let radius = 15 + Double(rng.int(0...15 - 1))
    let cover = CoverProblem(instance, radiusMinutes: radius)
    let (heuristic, bound) = cover.heuristic(siteCount: siteCount)
    let yardstick = greedyWithRedundancyRemoval(cover.sets.map { Set($0.map(Int.init)) }, siteCount: siteCount)
    let exact = try SiteSelection.solve(instance, model: .lscp(radiusMinutes: radius), options: SitingOptions(exact: true))
    #expect(exact.provenOptimal)
    #expect(coversAllCoverable(instance, heuristic, radius: radius))
    #expect(coversAllCoverable(instance, yardstick, radius: radius))
    #expect(heuristic.count <= yardstick.count, "seed \(seed): heuristic \(heuristic) vs greedy + removal \(yardstick)")
    #expect(Double(heuristic.count) >= exact.objective, "seed \(seed)")
    #expect(Double(bound) <= exact.objective, "seed \(seed): bound \(bound) above the optimum \(exact.objective)")
    // Small enough to prove (see `SiteSelection.lscpExactNonzeros`): the default is the optimum.
    #expect(cover.distinctNonzeros <= SiteSelection.lscpExactNonzeros)
    let byDefault = try SiteSelection.solve(instance, model: .lscp(radiusMinutes: radius))
    #expect(byDefault.objective == exact.objective && byDefault.provenOptimal, "seed \(seed): \(byDefault.objective) vs \(exact.objective)")
    #expect(coversAllCoverable(instance, byDefault.selected, radius: radius))
}
