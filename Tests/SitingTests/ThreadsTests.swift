import Model
import Foundation
import Testing
@testable import Siting

// `--threads` bounds the siting loops, and the result does not depend on it.

/// Counts how many bodies run at once.
final class Concurrency: @unchecked Sendable {
    private let lock = NSLock()
    private var running = 0
    private(set) var peak = 0
    func enter() { lock.lock(); running += 1; peak = max(peak, running); lock.unlock() }
    func leave() { lock.lock(); running -= 1; lock.unlock() }
}

@Test("Parallel.forEach runs no more chunks at once than the threads it is given", arguments: [1, 2])
func parallelIsBounded(_ threads: Int) {
    let ranges = (0..<8).map { $0..<($0 + 1) }
    let probe = Concurrency()
    let done = Concurrency()
    Parallel.forEach(ranges, threads: threads) { _ in
        probe.enter()
        Thread.sleep(forTimeInterval: 0.03)
        probe.leave()
        done.enter()
    }
    #expect(done.peak == 8) // every chunk ran once (never left, so the peak is the count)
    #expect(probe.peak <= threads)
}

@Test("siting results are identical for 1, 2 and 3 threads")
func sameResultForAnyThreads() throws {
    // 1,200 cells × 100 sites, every pair: the Lagrangian loops split into 3 chunks.
    var rng = SeededGenerator(seed: 42)
    let sites = (0..<100).map { _ in (rng.unit() * 50, rng.unit() * 50) }
    var cells: [Int32] = [], siteList: [Int32] = [], minutes: [Double] = [], populations: [Double] = []
    for i in 0..<1_200 {
        let x = rng.unit() * 50, y = rng.unit() * 50
        populations.append(Double(1 + rng.int(0...50 - 1)))
        for (j, s) in sites.enumerated() {
            cells.append(Int32(i)); siteList.append(Int32(j))
            minutes.append(((x - s.0) * (x - s.0) + (y - s.1) * (y - s.1)).squareRoot())
        }
    }
    let instance = SitingInstance(populations: populations, siteCount: 100, candidateCount: 100, fixed: [],
                                  cells: cells, sites: siteList, minutes: minutes)
    for model in [SitingModel.pmedian(p: 4), .mclp(p: 3, radiusMinutes: 10)] {
        let results = try [1, 2, 3].map { try SiteSelection.solve(instance, model: model, options: SitingOptions(threads: $0)) }
        #expect(results[0] == results[1] && results[1] == results[2], "\(model)")
    }
    #expect {
        try SiteSelection.solve(instance, model: .pmedian(p: 1), options: SitingOptions(threads: 0))
    } throws: { error in "\(error)" == "--threads: must be 1 or more (got 0)" }
}
