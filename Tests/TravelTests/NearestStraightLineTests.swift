import Model
import Testing
@testable import Travel

/// The exact nearest straight line (no radius), against a scan over every site.
@Suite struct NearestStraightLineTests {
    /// Deterministic pseudo-random points.
    func points(_ count: Int, seed: UInt64, span: Double, offset: Double = 0) -> [XY] {
        var random = SeededGenerator(seed: seed)
        func next() -> Double { random.unit() }
        return (0..<count).map { _ in XY(offset + next() * span, offset + next() * span) }
    }

    @Test func nearestIsTheMinimumOverAllSites() {
        let sites = points(40, seed: 7, span: 20_000)
        // Cells inside the sites' box, and far outside it (beyond any cut-off radius).
        let cells = points(300, seed: 8, span: 20_000) + points(50, seed: 9, span: 200_000, offset: -100_000)
        let minutes = StraightLineTravel.nearestMinutes(cells: cells, sites: sites, speedKmh: 4.5, detourFactor: 1.3)
        let metersPerMinute = 4.5 * 1000 / 60
        for (c, cell) in cells.enumerated() {
            let meters = sites.map { s -> Double in
                let dx = s.x - cell.x, dy = s.y - cell.y
                return (dx * dx + dy * dy).squareRoot()
            }.min() ?? .infinity
            #expect(minutes[c] == meters * 1.3 / metersPerMinute, "cell \(c)")
        }
        // Some of them lie far beyond the 60-minute radius of `compute`.
        #expect(minutes.filter { $0 > 600 }.count > 10)
    }

    @Test func sitesOnOnePointOrNone() {
        let one = StraightLineTravel.nearestMinutes(cells: [XY(0, 0), XY(3000, 4000)], sites: [XY(0, 0), XY(0, 0)],
                                                    speedKmh: 6, detourFactor: 1)
        #expect(one == [0, 50])   // 5 km at 100 m/min
        let none = StraightLineTravel.nearestMinutes(cells: [XY(0, 0)], sites: [], speedKmh: 6, detourFactor: 1)
        #expect(none == [.infinity])
    }
}
