import Foundation
import Formats
import Geometry
import Model
import Projection

/// An external population grid as a district's cells (`osm-district --population-grid`): a
/// published grid such as HSY's 250 m grid of Helsinki, instead of the building-based one.
extension OSMDistrictBuilder {
    /// The cells of `gridFile` (those whose centroid lies in `o.bbox` when given), the boundary
    /// as the union of their areas, and subdistricts as squares of `o.subdistrictSquaresMeters`
    /// (local metric CRS, by each cell's centroid), each the union of its cells, with their sum as
    /// its population.
    static func externalGridDistrict(_ o: Options, gridFile: String, settings: DistrictSettings) throws
        -> (Areas, [GridSubdistrict], [Cell]) {
        let cells = try readGridCells(gridFile, bbox: o.bbox, settings: settings)
        guard let b = MultiPolygon(cells.compactMap(\.area).flatMap(\.polygons)).bounds else {
            throw InputError(file: gridFile, .file, "no cells" + (o.bbox == nil ? "" : " with their centroid inside --bbox"))
        }
        guard let meters = o.subdistrictSquaresMeters else {
            throw InputError(.usage, file: gridFile, .file, "--population-grid needs --subdistrict-squares-meters")
        }
        let toMetric = try Transformer(from: .wgs84, to: CRS.localMetric(for: XY((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2)))
        var groups: [PopulationGrid.CellIndex: [Int]] = [:]
        for (n, cell) in cells.enumerated() {
            let p = try toMetric.transform(cell.centroid)
            let key = PopulationGrid.CellIndex(row: try PopulationGrid.gridIndex(p.y, meters),
                                               column: try PopulationGrid.gridIndex(p.x, meters))
            groups[key, default: []].append(n)
        }
        let keys = groups.keys.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var subdistricts: [GridSubdistrict] = []
        for key in keys {
            let members = groups[key] ?? []
            let id = squareID(row: key.row, column: key.column, meters: meters)
            subdistricts.append(GridSubdistrict(id: id, name: id, area: try MultiPolygon.union(of: members.compactMap { cells[$0].area }),
                                                population: members.reduce(0) { $0 + cells[$1].population }))
        }
        var areas = Areas(name: settings.name, area: try MultiPolygon.union(of: cells.compactMap(\.area)))
        areas.candidates = subdistricts.map {
            .init(id: $0.id, name: $0.name, area: $0.area, population: $0.population, elderlyShare: nil, digitalShare: nil,
                  file: gridFile, location: .file)
        }
        areas.relations = subdistricts.map { _ in 0 }
        return (areas, subdistricts, cells)
    }

    /// Polygon features with `pop` (or `population`, as HSY names it), optional `elderly` and
    /// `digital` shares (else the district defaults); every problem is reported by feature.
    static func readGridCells(_ path: String, bbox: (min: XY, max: XY)?, settings: DistrictSettings) throws -> [Cell] {
        var problems: [InputError] = []
        let features = try GeoJSONReader.read(path: path, geographic: true, problems: &problems)
        var cells: [Cell] = []
        var seen = Set<String>()
        for f in features {
            guard let area = f.geometry?.multiPolygon, let centroid = try area.centroid() else {
                problems.append(InputError(file: path, f.location, "geometry is \(f.geometry?.typeName ?? "missing"); a grid cell is a Polygon")); continue
            }
            guard let pop = (f.properties["pop"] ?? f.properties["population"])?.number, pop >= 0, pop <= InputLimits.maxPopulation else {
                problems.append(InputError(file: path, f.location, "needs pop (or population): a number of residents >= 0")); continue
            }
            let id = f.id ?? String(f.index)
            guard seen.insert(id).inserted else { problems.append(InputError(file: path, f.location, "duplicate id '\(id)'")); continue }
            let elderly = f.properties["elderly"]?.number ?? settings.elderlyShare
            let digital = f.properties["digital"]?.number ?? settings.defaultDigitalShare(elderlyShare: elderly)
            guard (0...1).contains(elderly), (0...1).contains(digital) else {
                problems.append(InputError(file: path, f.location, "elderly and digital must be shares 0..1")); continue
            }
            if let bbox, !(bbox.min.x...bbox.max.x).contains(centroid.x) || !(bbox.min.y...bbox.max.y).contains(centroid.y) { continue }
            cells.append(Cell(id: id, area: area, centroid: centroid, population: pop, elderlyShare: elderly, digitalShare: digital))
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return cells
    }
}
