import Foundation
import Model
import Reporting
import TwinSpace

/// A dissolved gap area of a run with the figures of the gap cells inside it.
public struct GapArea: Sendable, Hashable {
    public var area: Polygon
    public var cells: Int
    public var population: Double
    public var gapPopulation: Double
    public var gapElderly: Double
    public var gapNotDigital: Double

    public init(area: Polygon, cells: Int, population: Double, gapPopulation: Double, gapElderly: Double, gapNotDigital: Double) {
        self.area = area; self.cells = cells; self.population = population
        self.gapPopulation = gapPopulation; self.gapElderly = gapElderly; self.gapNotDigital = gapNotDigital
    }
}

/// Everything a map of a run shows, as values (all coordinates WGS 84 longitude, latitude).
public struct MapInput: Sendable {
    /// Scenario name, shown in the title with the district's name.
    public var scenario: String
    public var district: District
    /// Per-cell and per-site results, in the order of `district.cells` / `district.sites`.
    public var cellResults: [TwinCellResult]
    public var siteResults: [TwinSiteResult]
    /// Whether each cell is a gap cell (the run's rule, see `RunOutputs.gapCellShare`).
    public var gapCells: [Bool]
    public var gapAreas: [GapArea]
    public var summary: RunSummary
    /// The district's roads come from OpenStreetMap: the maps credit its contributors.
    public var osmAttribution: Bool

    public init(scenario: String, district: District, cellResults: [TwinCellResult], siteResults: [TwinSiteResult],
                gapCells: [Bool], gapAreas: [GapArea], summary: RunSummary, osmAttribution: Bool) {
        self.scenario = scenario; self.district = district; self.cellResults = cellResults; self.siteResults = siteResults
        self.gapCells = gapCells; self.gapAreas = gapAreas; self.summary = summary; self.osmAttribution = osmAttribution
    }

    /// "scenario — district name".
    public var title: String { "\(scenario) — \(district.settings.name)" }

    var hallThresholdMinutes: Double { district.settings.hallThresholdMinutes }

    /// Bounds of everything drawn (boundary, subdistricts, cells, sites), ignoring non-finite
    /// coordinates; nil when there is nothing.
    var bounds: (min: XY, max: XY)? {
        var box = BoundsBuilder()
        box.add(district.boundary)
        for s in district.subdistricts { box.add(s.area) }
        for c in district.cells {
            if let ring = c.rectangleRing {
                box.add(ring.0); box.add(ring.1); box.add(ring.2); box.add(ring.3); box.add(ring.0)  // the ring, not built
            } else if let a = c.area {
                box.add(a)
            } else {
                box.add(c.centroid)
            }
        }
        for s in district.sites { box.add(s.location) }
        return box.bounds
    }

    /// Indices of the catalogue items each site handles.
    var itemsHandled: [[Int]] {
        district.sites.map { site in district.services.indices.filter { site.handles(district.services[$0]) } }
    }
}

struct BoundsBuilder {
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity

    mutating func add(_ p: XY) {
        guard p.x.isFinite, p.y.isFinite else { return }
        minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y)
    }

    mutating func add(_ area: MultiPolygon) {
        for polygon in area.polygons { for p in polygon.exterior { add(p) } }
    }

    var bounds: (min: XY, max: XY)? { minX <= maxX && minY <= maxY ? (XY(minX, minY), XY(maxX, maxY)) : nil }
}

/// A simple local projection for drawing: equirectangular with longitudes scaled by the cosine
/// of the middle latitude (true to scale along that parallel; at district size the distortion
/// is well under 1 %), north up, fitted into a frame of the SVG plane with its aspect kept.
public struct MapProjection: Sendable {
    public let frame: (x: Double, y: Double, width: Double, height: Double)
    let minLon: Double, maxLat: Double, cosLat: Double
    /// SVG units per degree of latitude.
    let scale: Double
    let offsetX: Double, offsetY: Double

    public init(bounds: (min: XY, max: XY), frame: (x: Double, y: Double, width: Double, height: Double)) {
        self.frame = frame
        // A single point or a line still gets a small area around it.
        var lo = bounds.min, hi = bounds.max
        let pad = 0.001
        if hi.x - lo.x < 1e-9 { lo.x -= pad; hi.x += pad }
        if hi.y - lo.y < 1e-9 { lo.y -= pad; hi.y += pad }
        minLon = lo.x; maxLat = hi.y
        cosLat = max(0.01, cos((lo.y + hi.y) / 2 * .pi / 180))
        let spanX = (hi.x - lo.x) * cosLat, spanY = hi.y - lo.y
        scale = min(frame.width / spanX, frame.height / spanY)
        offsetX = frame.x + (frame.width - spanX * scale) / 2
        offsetY = frame.y + (frame.height - spanY * scale) / 2
    }

    /// The SVG position of a longitude, latitude.
    public func project(_ p: XY) -> (x: Double, y: Double) {
        (offsetX + (p.x - minLon) * cosLat * scale, offsetY + (maxLat - p.y) * scale)
    }

    /// Metres per SVG unit (a degree of latitude taken as 111,195 m, the mean-radius sphere's).
    public var metersPerUnit: Double { 111_195 / scale }
}

public enum MapLabels {
    /// A point inside the largest polygon of an area, for its name: the middle of the widest
    /// stretch inside the polygon along the parallel through its vertex mean (holes respected
    /// by the even-odd crossings). Falls back to the vertex mean.
    public static func point(in area: MultiPolygon) -> XY? {
        var best: (polygon: Polygon, area: Double)?
        for polygon in area.polygons {
            let a = abs(ringArea(polygon.exterior))
            if let b = best, a <= b.area { continue }
            best = (polygon, a)
        }
        guard let polygon = best?.polygon, polygon.exterior.count > 1 else { return nil }
        let corners = polygon.exterior.dropLast()
        let mean = XY(corners.reduce(0) { $0 + $1.x } / Double(corners.count), corners.reduce(0) { $0 + $1.y } / Double(corners.count))
        var crossings: [Double] = []
        for ring in polygon.rings where ring.count > 1 {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                // Half-open rule so a vertex on the line counts once.
                if (a.y <= mean.y) != (b.y <= mean.y) {
                    crossings.append(a.x + (mean.y - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
        }
        crossings.sort()
        var widest: (from: Double, to: Double)?
        var i = 0
        while i + 1 < crossings.count {
            let width = crossings[i + 1] - crossings[i]
            if widest.map({ width > $0.to - $0.from }) ?? true { widest = (crossings[i], crossings[i + 1]) }
            i += 2
        }
        guard let w = widest else { return mean }
        return XY((w.from + w.to) / 2, mean.y)
    }

    static func ringArea(_ ring: [XY]) -> Double {
        var twice = 0.0
        for i in 0..<max(0, ring.count - 1) { twice += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return twice / 2
    }
}
