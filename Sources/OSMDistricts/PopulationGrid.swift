import Foundation
import Formats
import Geometry
import Model
import OSMReader
import Projection

/// A subdistrict as `grid` takes it: its area (WGS 84), its published resident total, and
/// optionally its own elderly and digital shares.
public struct GridSubdistrict: Sendable, Hashable {
    public var id: String
    public var name: String
    public var area: MultiPolygon
    public var population: Double
    public var elderlyShare: Double?
    public var digitalShare: Double?

    public init(id: String, name: String, area: MultiPolygon, population: Double,
                elderlyShare: Double? = nil, digitalShare: Double? = nil) {
        self.id = id; self.name = name; self.area = area; self.population = population
        self.elderlyShare = elderlyShare; self.digitalShare = digitalShare
    }
}

/// What the grid did for one subdistrict.
public struct GridSubdistrictReport: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The published total and what its cells hold (equal up to rounding of the sum).
    public var population: Double
    public var gridPopulation: Double
    /// Residential buildings (weight > 0) whose centroid lies in the subdistrict, and their floor area.
    public var residentialBuildings: Int
    public var residentialFloorSquareMeters: Double
    /// Cells (or cell pieces) holding its residents.
    public var cells: Int
    /// True when it had no residential floor area and its total was spread over its cells by area.
    public var spreadByArea: Bool
}

/// What `grid` found overall.
public struct GridReport: Sendable, Hashable {
    public var crs: String
    public var cellMeters: Double
    public var buildings = 0
    /// Buildings with weight > 0 inside some subdistrict.
    public var residentialBuildings = 0
    /// Buildings weighing 0 (non-residential type or use, tiny footprint, 0 levels).
    public var nonResidentialBuildings = 0
    /// Buildings whose centroid lies in no subdistrict (outside the district).
    public var outsideBuildings = 0
    /// Buildings whose footprint GEOS could not measure (broken rings), left out.
    public var unusableBuildings = 0
    /// Cells split between subdistricts (written as one piece per subdistrict).
    public var splitCells = 0
    public var subdistricts: [GridSubdistrictReport] = []

    /// Lines for the terminal: buildings used and left out, and per subdistrict its total, floor
    /// area, cells, and whether it was spread by area.
    public var lines: [String] {
        let r = self
        var out = ["grid: \(GeoJSONWriter.number(r.cellMeters)) m cells in \(r.crs); \(r.splitCells) cell(s) split between subdistricts"]
        out.append("buildings: \(r.buildings) (residential \(r.residentialBuildings), weight 0 \(r.nonResidentialBuildings), outside every subdistrict \(r.outsideBuildings), unusable \(r.unusableBuildings))")
        for s in r.subdistricts {
            let floor = GeoJSONWriter.number((s.residentialFloorSquareMeters).rounded())
            var line = "  \(s.id) \(s.name): total \(GeoJSONWriter.number(s.population)), grid \(GeoJSONWriter.number((s.gridPopulation * 1e4).rounded() / 1e4)), \(s.residentialBuildings) residential buildings, \(floor) m² floor area, \(s.cells) cells"
            if s.spreadByArea { line += " (no residential floor area: spread over its cells by area)" }
            out.append(line)
        }
        return out
    }
}

/// A building-footprint population grid: each subdistrict's published total shared over its
/// residential floor area (`ResidentialRules`, `Profiles/residential.yaml`), summed into square cells of a grid in the local
/// metric CRS (the UTM zone of the district's centre), aligned on multiples of the cell size.
///
/// - A building belongs to the subdistrict and the cell containing its footprint's centroid
///   (GEOS STRtree over the subdistricts).
/// - A cell crossing a subdistrict border is clipped to it (GEOS intersection), one piece per
///   subdistrict with residents there, so that every output cell lies in one subdistrict and the
///   cells of a subdistrict add up to its published total. Whole cells have the id
///   `E<easting>N<northing>` (south-west corner, metres); pieces add `/<subdistrict id>`.
/// - A subdistrict with no residential floor area spreads its total over all its cells by area
///   (reported).
/// - Populations are apportioned in units of 1/10,000 resident by largest remainder, so each
///   subdistrict's cells add up exactly to its total (taken to four decimals) and writing them
///   with four decimals changes nothing.
/// - Elderly and digital shares: the subdistrict's own when given; else the district default
///   elderly share, and the digital share from the elderly share and the adoption rates
///   (`DistrictSettings.defaultDigitalShare`).
/// - Only cells with residents are produced.
public enum PopulationGrid {
    /// Units per resident of the apportionment.
    public static let unitsPerResident = 10_000.0

    /// A cell of one subdistrict: its grid row and column.
    struct Key: Hashable, Comparable {
        var row: Int, column: Int, subdistrict: Int
        static func < (a: Key, b: Key) -> Bool {
            (a.row, a.column, a.subdistrict) < (b.row, b.column, b.subdistrict)
        }
    }

    /// Weights of a subdistrict without residential floor area: its cells by area (the clipped
    /// piece's area on its border, a whole cell inside it).
    static func spreadByArea(_ area: MultiPolygon, subdistrict s: Int, cellMeters: Double,
                             weights: inout [Key: Double], pieces: inout [Key: MultiPolygon]) throws {
        guard let b = area.bounds else { return }
        let border = try borderCells(area, cellMeters: cellMeters)
        let prepared = try PreparedPolygon(area)
        let rows = try (gridIndex(b.min.y, cellMeters)...gridIndex(b.max.y, cellMeters))
        let columns = try (gridIndex(b.min.x, cellMeters)...gridIndex(b.max.x, cellMeters))
        for row in rows {
            for column in columns {
                let key = Key(row: row, column: column, subdistrict: s)
                let square = self.square(row: row, column: column, cellMeters: cellMeters)
                if border.contains(CellIndex(row: row, column: column)) {
                    let piece = try square.intersection(with: area)
                    let a = try piece.area()
                    if a > 0 { weights[key] = a; pieces[key] = piece }
                } else if try prepared.covers(XY((Double(column) + 0.5) * cellMeters, (Double(row) + 0.5) * cellMeters)) {
                    weights[key] = cellMeters * cellMeters
                }
            }
        }
    }

    /// A cell's geometry in its subdistrict: the square, clipped to the subdistrict when the
    /// cell lies on its border (`borders` caches each subdistrict's border cells).
    static func cellGeometry(_ key: Key, area: MultiPolygon, borders: inout [Int: Set<CellIndex>],
                             cellMeters: Double) throws -> MultiPolygon {
        let square = self.square(row: key.row, column: key.column, cellMeters: cellMeters)
        if borders[key.subdistrict] == nil { borders[key.subdistrict] = try borderCells(area, cellMeters: cellMeters) }
        guard borders[key.subdistrict]?.contains(CellIndex(row: key.row, column: key.column)) == true else {
            return MultiPolygon([square])
        }
        let piece = try square.intersection(with: area)
        return (try piece.area()) > 0 ? piece : MultiPolygon([square])
    }

    public static func build(subdistricts: [GridSubdistrict], buildings: [OSMBuilding], cellMeters: Double,
                             settings: DistrictSettings, rules: ResidentialRules) throws -> (cells: [Cell], report: GridReport) {
        guard cellMeters > 0, cellMeters.isFinite else {
            throw InputError(.usage, file: "grid", .file, "cell size must be a positive number of metres")
        }
        guard let bounds = MultiPolygon(subdistricts.flatMap(\.area.polygons)).bounds else {
            throw InputError(file: "grid", .file, "no subdistrict areas to grid")
        }
        let center = XY((bounds.min.x + bounds.max.x) / 2, (bounds.min.y + bounds.max.y) / 2)
        let metric = CRS.localMetric(for: center)
        let toMetric = try Transformer(from: .wgs84, to: metric)
        let toWGS84 = try Transformer(from: metric, to: .wgs84)
        var report = GridReport(crs: metric.description, cellMeters: cellMeters)

        let areas = try subdistricts.map { try toMetric.transform($0.area) }
        let index = try PolygonIndex(areas)

        // Weight of each building in its subdistrict and cell.
        var weights: [Key: Double] = [:]
        var floorArea = [Double](repeating: 0, count: subdistricts.count)
        var residential = [Int](repeating: 0, count: subdistricts.count)
        report.buildings = buildings.count
        for building in buildings {
            let footprint: MultiPolygon
            let footprintArea: Double
            let centroid: XY
            do {
                footprint = try toMetric.transform(building.footprint)
                footprintArea = try footprint.area()
                guard let c = try footprint.centroid() else { report.unusableBuildings += 1; continue }
                centroid = c
            } catch {
                report.unusableBuildings += 1
                continue
            }
            let floors = rules.residentialFloors(building, footprintSquareMeters: footprintArea)
            guard let s = try index.firstPolygonCovering(centroid) else { report.outsideBuildings += 1; continue }
            let weight = footprintArea * floors
            guard weight > 0 else { report.nonResidentialBuildings += 1; continue }
            report.residentialBuildings += 1
            residential[s] += 1
            floorArea[s] += weight
            let key = Key(row: try gridIndex(centroid.y, cellMeters),
                          column: try gridIndex(centroid.x, cellMeters), subdistrict: s)
            weights[key, default: 0] += weight
        }

        // Subdistricts without residential floor area: their cells weighted by area.
        var spread = [Bool](repeating: false, count: subdistricts.count)
        var pieceGeometry: [Key: MultiPolygon] = [:]
        for s in subdistricts.indices where floorArea[s] == 0 {
            spread[s] = true
            try spreadByArea(areas[s], subdistrict: s, cellMeters: cellMeters, weights: &weights, pieces: &pieceGeometry)
        }

        // Apportion each subdistrict's total over its cells.
        let keys = weights.keys.sorted()
        var bySubdistrict = [[Key]](repeating: [], count: subdistricts.count)
        for key in keys { bySubdistrict[key.subdistrict].append(key) }
        var population: [Key: Double] = [:]
        for s in subdistricts.indices {
            let shares = apportion(total: subdistricts[s].population, weights: bySubdistrict[s].map { weights[$0] ?? 0 })
            for (key, value) in zip(bySubdistrict[s], shares) { population[key] = value }
        }

        // Cells met by several subdistricts are split into pieces.
        var subdistrictsOfCell: [CellIndex: Int] = [:]
        for key in keys { subdistrictsOfCell[CellIndex(row: key.row, column: key.column), default: 0] += 1 }
        report.splitCells = subdistrictsOfCell.values.filter { $0 > 1 }.count
        var borders: [Int: Set<CellIndex>] = [:]
        var cells: [Cell] = []
        cells.reserveCapacity(keys.count)
        var cellCount = [Int](repeating: 0, count: subdistricts.count)
        var gridPopulation = [Double](repeating: 0, count: subdistricts.count)
        for key in keys {
            let s = key.subdistrict
            let cellIndex = CellIndex(row: key.row, column: key.column)
            let geometry = try pieceGeometry[key] ?? cellGeometry(key, area: areas[s], borders: &borders, cellMeters: cellMeters)
            let centroid = try geometry.centroid() ?? XY((Double(key.column) + 0.5) * cellMeters, (Double(key.row) + 0.5) * cellMeters)
            var id = "E\(GeoJSONNumber.text(Double(key.column) * cellMeters))N\(GeoJSONNumber.text(Double(key.row) * cellMeters))"
            if (subdistrictsOfCell[cellIndex] ?? 0) > 1 { id += "/\(subdistricts[s].id)" }
            let elderly = subdistricts[s].elderlyShare ?? settings.elderlyShare
            let digital = subdistricts[s].digitalShare ?? settings.defaultDigitalShare(elderlyShare: elderly)
            let pop = population[key] ?? 0
            cells.append(Cell(id: id, area: try toWGS84.transform(geometry), centroid: try toWGS84.transform(centroid),
                              population: pop, elderlyShare: elderly, digitalShare: digital))
            cellCount[s] += 1
            gridPopulation[s] += pop
        }
        report.subdistricts = subdistricts.indices.map { s in
            GridSubdistrictReport(id: subdistricts[s].id, name: subdistricts[s].name, population: subdistricts[s].population,
                                  gridPopulation: gridPopulation[s], residentialBuildings: residential[s],
                                  residentialFloorSquareMeters: floorArea[s], cells: cellCount[s], spreadByArea: spread[s])
        }
        return (cells, report)
    }

    /// `total` shared in proportion to `weights`, in units of 1/`unitsPerResident` by largest
    /// remainder (ties to the earlier weight), so that the shares add up to the total exactly in units.
    public static func apportion(total: Double, weights: [Double]) -> [Double] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let units = (total * unitsPerResident).rounded()
        var floors: [Double] = []
        var remainders: [(Double, Int)] = []
        floors.reserveCapacity(weights.count)
        for (i, w) in weights.enumerated() {
            let exact = units * (w / sum)
            let f = exact.rounded(.down)
            floors.append(f)
            remainders.append((exact - f, i))
        }
        var left = Int(units - floors.reduce(0, +))
        remainders.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var k = 0
        while left > 0 && !remainders.isEmpty {
            floors[remainders[k % remainders.count].1] += 1
            left -= 1
            k += 1
        }
        return floors.map { $0 / unitsPerResident }
    }

    struct CellIndex: Hashable { var row: Int, column: Int }

    static func square(row: Int, column: Int, cellMeters: Double) -> Polygon {
        let x0 = Double(column) * cellMeters, y0 = Double(row) * cellMeters
        let x1 = x0 + cellMeters, y1 = y0 + cellMeters
        return Polygon(exterior: [XY(x0, y0), XY(x1, y0), XY(x1, y1), XY(x0, y1), XY(x0, y0)])
    }

    /// The grid row or column of a metric coordinate (`meters / cellMeters`, rounded); one that
    /// is not finite or lies more than 1e9 cells out (a failed projection) is refused rather
    /// than trapping in the conversion to a whole number.
    static func gridIndex(_ meters: Double, _ cellMeters: Double, _ rule: FloatingPointRoundingRule = .down) throws -> Int {
        let q = (meters / cellMeters).rounded(rule)
        guard q.isFinite, abs(q) < 1e9 else {
            throw InputError(.badData, file: "grid", .file, "a coordinate of \(meters) m lies off any grid of \(cellMeters) m cells")
        }
        return Int(q)
    }

    /// Cells that some boundary segment of `area` may cross (those its bounding box touches):
    /// only these need clipping; the others lie wholly inside or outside.
    static func borderCells(_ area: MultiPolygon, cellMeters: Double) throws -> Set<CellIndex> {
        var result = Set<CellIndex>()
        for polygon in area.polygons {
            for ring in polygon.rings {
                for (a, b) in zip(ring, ring.dropFirst()) {
                    let r0 = try gridIndex(min(a.y, b.y), cellMeters), r1 = try gridIndex(max(a.y, b.y), cellMeters)
                    let c0 = try gridIndex(min(a.x, b.x), cellMeters), c1 = try gridIndex(max(a.x, b.x), cellMeters)
                    if (r1 - r0 + 1) * (c1 - c0 + 1) > 64 {
                        // A long diagonal: walk along it instead of taking its whole box.
                        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                        let steps = try gridIndex(length, cellMeters / 4, .up)
                        for k in 0...steps {
                            let t = Double(k) / Double(steps)
                            let x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y)
                            let r = try gridIndex(y, cellMeters), c = try gridIndex(x, cellMeters)
                            for dr in -1...1 { for dc in -1...1 { result.insert(CellIndex(row: r + dr, column: c + dc)) } }
                        }
                    } else {
                        for r in r0...r1 { for c in c0...c1 { result.insert(CellIndex(row: r, column: c)) } }
                    }
                }
            }
        }
        return result
    }
}

/// Numbers in ids: integers without a fraction.
enum GeoJSONNumber {
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension PopulationGrid {
    /// `population.geojson` as DistrictWriter writes it: id, pop, elderly, digital; `member` is
    /// an extra top-level member (grid marks its own file with one).
    public static func writePopulation(_ cells: [Cell], to path: String, member: (String, String)? = nil) throws {
        let writer = try GeoJSONWriter(path: path, member: member)
        for c in cells {
            let geometry: GeoJSONGeometry = c.area.map { .multiPolygon($0) } ?? .point(c.centroid)
            try writer.write(geometry: geometry, properties: [
                ("id", .string(c.id)), ("pop", .number(rounded(c.population))),
                ("elderly", .number(rounded(c.elderlyShare))), ("digital", .number(rounded(c.digitalShare))),
            ])
        }
        try writer.finish()
    }

    static func rounded(_ value: Double) -> Double { (value * 1e4).rounded() / 1e4 }
}
