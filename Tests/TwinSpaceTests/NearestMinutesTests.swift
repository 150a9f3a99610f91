import Model
import Testing
@testable import TwinSpace

/// `TwinInput.nearest`: uncapped nearest-site minutes over the sites the model itself would
/// use (available, district rule applied), and the figures that follow from them.
@Suite struct NearestMinutesTests {
    func site(_ id: String, _ kind: SiteKind, x: Double, windows: Int = 1, hours: String = "24/7") throws -> Site {
        Site(id: id, name: id, kind: kind, tier: kind == .hall ? .district : nil, windows: windows,
             hours: try OpeningHours(parsing: hours), services: nil, location: XY(x, 0))
    }

    /// Cell a (district 0) at x = 0, cell b (district 1) at x = 10. Closed sites lie nearest.
    func input() throws -> TwinInput {
        let cells = [Cell(id: "a", area: nil, centroid: XY(0, 0), population: 100, elderlyShare: 0, digitalShare: 0),
                     Cell(id: "b", area: nil, centroid: XY(10, 0), population: 300, elderlyShare: 0, digitalShare: 0)]
        let sites = [try site("night", .hall, x: 0, hours: "Mo-Su 02:00-05:00"),  // outside 07:00-22:00
                     try site("no-window", .hall, x: 1, windows: 0),
                     try site("own", .hall, x: 45),                              // district 0
                     try site("neighbour", .hall, x: 12),                        // district 1
                     try site("dark-kiosk", .kiosk, x: 0, hours: "Mo-Su 23:00-24:00"),
                     try site("kiosk", .kiosk, x: 100)]
        // Travel rows as a 20-minute cut-off leaves them: only b's 2 minutes to the neighbour.
        return TwinInput(cells: cells, items: [item("S1")], sites: sites, channels: [],
                         travel: SparseTravel(rows: [[], [(site: 3, minutes: 2)]]),
                         cellDistrict: [0, 1], siteDistrict: [0, 0, 0, 1, 0, 0])
    }

    /// Minutes = distance along x from every cell to the nearest of the sites asked for; the
    /// sets asked for are recorded.
    final class Search {
        let input: TwinInput
        var asked: [[String]] = []
        init(_ input: TwinInput) { self.input = input }
        func callAsFunction(_ indices: [Int]) -> [Double] {
            asked.append(indices.map { input.sites[$0].id })
            return input.cells.map { c in indices.map { abs(input.sites[$0].location.x - c.centroid.x) }.min() ?? .infinity }
        }
    }

    @Test func nearestSitesAreTheAvailableOnesTheCellMayUse() throws {
        let input = try input()
        let search = Search(input)
        let own = TwinModel.nearestMinutes(input, parameters: TwinParameters()) { search($0) }
        #expect(search.asked == [["kiosk"], ["own"], ["neighbour"]])   // kiosks, then halls per district
        #expect(own.hall == [45, 2] && own.kiosk == [100, 90])
        search.asked = []
        let cross = TwinModel.nearestMinutes(input, parameters: TwinParameters(crossDistrict: true)) { search($0) }
        #expect(search.asked == [["kiosk"], ["own", "neighbour"]])
        #expect(cross.hall == [12, 2] && cross.kiosk == [100, 90])
    }

    @Test func givenNearestMinutesDecideTheFiguresAndCoverage() throws {
        var input = try input()
        let rowsOnly = try TwinModel.solve(input)
        #expect(rowsOnly.cells[0].nearestHallMinutes == nil && rowsOnly.cells[0].nearestKioskMinutes == nil)
        let search = Search(input)
        input.nearest = TwinModel.nearestMinutes(input, parameters: TwinParameters()) { search($0) }
        let result = try TwinModel.solve(input)
        #expect(result.cells.map(\.nearestHallMinutes) == [45, 2])
        #expect(result.cells.map(\.nearestKioskMinutes) == [100, 90])
        // Coverage follows the same minutes (thresholds 30 and 15 min).
        #expect(result.cells.map(\.coveredHall) == [false, true])
        #expect(result.cells.map(\.coveredKiosk) == [false, false])
        // The choice still uses the rows only: a's own hall lies beyond the cut-off.
        #expect(result.cells[0].unservedShare == 1 && result.cells[1].shareHall == 1)
    }

    @Test func nearestMinutesOfTheWrongShapeAreRefused() throws {
        var input = try input()
        input.nearest = TwinNearestMinutes(hall: [1], kiosk: [1, 2])
        #expect(throws: TwinSpaceError("nearest minutes have 1 hall and 2 kiosk entries for 2 cells")) { try TwinModel.solve(input) }
        input.nearest = TwinNearestMinutes(hall: [1, .nan], kiosk: [1, 2])
        #expect(throws: TwinSpaceError("cell b: nearest minutes must be >= 0 (infinity: none reachable)")) { try TwinModel.solve(input) }
    }
}
