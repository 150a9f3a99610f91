import Districts
import Foundation
import Maps
import Model
import Reporting
import TwinSpace

/// A small generated district solved by the real twin-space model (straight-line travel), with
/// hostile names planted in it, as the maps' input.
enum Fixture {
    static let hostileSite = "<script>alert(1)</script>"
    static let hostileSubdistrict = "<img src=x onerror=alert(2)>"
    static let hostileItem = "</script><script>alert(3)</script>\u{2028}&amp;"
    static let districtName = "合成区 \"Synthetic\" & <b>District</b>"

    static func input(pointCells: Bool = false, hallThresholdMinutes: Double = 2) throws -> MapInput {
        var options = SyntheticOptions()
        options.cellsX = 8
        options.cellsY = 6
        options.seed = 5
        var district = SyntheticGenerator.generate(options).district
        district.settings.name = districtName
        district.settings.hallThresholdMinutes = hallThresholdMinutes
        district.settings.kioskThresholdMinutes = hallThresholdMinutes / 2
        district.sites[0].name = hostileSite
        district.subdistricts[0].name = hostileSubdistrict
        district.services[0].name = hostileItem
        // Few residents online, so that cells far from halls become gap cells.
        for i in district.cells.indices { district.cells[i].digitalShare = 0.1 }
        if pointCells { for i in district.cells.indices { district.cells[i].area = nil } }

        // Straight line × 1.3 at 4.5 km/h on a local plane: enough for the maps' purposes.
        let lat0 = options.center.y * .pi / 180
        let rows = district.cells.map { cell in
            district.sites.enumerated().map { s, site in
                let dx = (cell.centroid.x - site.location.x) * 111_320 * cos(lat0)
                let dy = (cell.centroid.y - site.location.y) * 110_574
                return (site: s, minutes: (dx * dx + dy * dy).squareRoot() * 1.3 / 75)
            }
        }
        let twin = TwinInput(cells: district.cells, items: district.services, sites: district.sites, channels: district.channels,
                             travel: SparseTravel(rows: rows))
        let result = try TwinModel.solve(twin, parameters: TwinParameters(settings: district.settings))
        let settings = district.settings
        let whole = Summaries.area(id: "district", name: settings.name, members: Array(district.cells.indices), cells: district.cells,
                                   results: result.cells, hallThresholdMinutes: settings.hallThresholdMinutes,
                                   kioskThresholdMinutes: settings.kioskThresholdMinutes)
        let summary = RunSummary(scenario: "base", districtName: settings.name, hallThresholdMinutes: settings.hallThresholdMinutes,
                                 kioskThresholdMinutes: settings.kioskThresholdMinutes, travel: "walk, straight line × 1.3",
                                 district: whole, subdistricts: [], halls: Summaries.halls(sites: district.sites, results: result.sites),
                                 worstToBestTravelRatio: nil, convergence: result.convergence, unreachableCells: 0, changes: [], warnings: [])
        let gapCells = zip(district.cells, result.cells).map { c, r in c.population > 0 && r.gapPopulation / c.population >= 0.5 }
        // Gap areas as the gap cells themselves (the run dissolves them with GEOS first).
        let gapAreas = district.cells.indices.compactMap { i -> GapArea? in
            guard gapCells[i], let polygon = district.cells[i].area?.polygons.first else { return nil }
            let r = result.cells[i]
            return GapArea(area: polygon, cells: 1, population: district.cells[i].population, gapPopulation: r.gapPopulation,
                           gapElderly: r.gapElderly, gapNotDigital: r.gapNotDigital)
        }
        return MapInput(scenario: "base", district: district, cellResults: result.cells, siteResults: result.sites,
                        gapCells: gapCells, gapAreas: gapAreas, summary: summary, osmAttribution: true)
    }
}
