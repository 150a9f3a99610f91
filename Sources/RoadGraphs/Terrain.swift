import Foundation
import GISFiles
import Model
import Network
import Roads

/// The district's DEM (`dem` in district.yaml) applied to road ways: heights sampled along
/// every segment, turned into each mode's forward and backward time factors by its profile's
/// `slope` rule.
public struct Terrain: Sendable {
    /// Heights are sampled at both ends of every segment and at equal steps of at most this
    /// many metres between them (a third of an SRTM 3″ pixel; bilinear, so finer adds nothing).
    public static let sampleSpacingMeters = 30.0

    public let grid: ElevationGrid

    /// The DEM of `settings`, nil when it names none. It must cover `bounds` (the district's
    /// boundary, WGS 84), else exit 65 naming the file; a missing or unreadable DEM also names it.
    public static func load(settings: DistrictSettings, covering bounds: (min: XY, max: XY)?) throws -> Terrain? {
        guard let path = settings.dem else { return nil }
        let named = URL(fileURLWithPath: path).lastPathComponent
        let grid = try ElevationRaster.read(path: path, named: named)
        if let bounds { try checkCoverage(grid, bounds) }
        return Terrain(grid: grid)
    }

    /// The four corners and the centre of `bounds` must have heights.
    static func checkCoverage(_ grid: ElevationGrid, _ b: (min: XY, max: XY)) throws {
        let sampler = try ElevationSampler(grid)
        let probes = [b.min, XY(b.max.x, b.min.y), XY(b.min.x, b.max.y), b.max, XY((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2)]
        guard sampler.heightsMeters(at: probes).contains(where: { $0 == nil }) else { return }
        let e = sampler.extentLonLat()
        func span(_ lo: XY, _ hi: XY) -> String {
            String(format: "lon %.4f…%.4f, lat %.4f…%.4f", lo.x, hi.x, lo.y, hi.y)
        }
        throw InputError(.badData, file: grid.file, .file,
                         "does not cover the district: the boundary spans \(span(b.min, b.max)), the DEM \(span(e.min, e.max)) (or has no data there)")
    }

    /// Heights along each way: per segment, at equally spaced points from its first node to its
    /// second (nil where the DEM has no data). A bridge or tunnel (`levelled`) runs straight from
    /// its first node's height to its last's.
    public func heights(of ways: [OSMRoadWay]) throws -> [[[Double?]]] {
        var points: [XY] = [], layout: [[Int]] = []
        for way in ways {
            var counts: [Int] = []
            for k in 0..<max(way.points.count - 1, 0) {
                let a = way.points[k], b = way.points[k + 1]
                let pieces = Self.pieces(meters: Geodesy.haversineMeters(a, b))
                counts.append(pieces)
                for s in 0...pieces {
                    let t = Double(s) / Double(pieces)
                    points.append(XY(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                }
            }
            layout.append(counts)
        }
        let sampled = try ElevationSampler(grid).heightsMeters(at: points)
        var next = 0
        return zip(ways, layout).map { way, counts in
            var segments = counts.map { count -> [Double?] in
                defer { next += count + 1 }
                return Array(sampled[next...(next + count)])
            }
            if way.levelled { segments = Self.levelled(segments, points: way.points) }
            return segments
        }
    }

    /// How many equal pieces a segment of `meters` is sampled in.
    static func pieces(meters: Double) -> Int {
        guard meters.isFinite, meters > 0 else { return 1 }
        return max(1, Int(min((meters / sampleSpacingMeters).rounded(.up), 100_000)))
    }

    /// Heights on a straight grade from the way's first height to its last, by distance.
    static func levelled(_ segments: [[Double?]], points: [XY]) -> [[Double?]] {
        guard let first = segments.first?.first ?? nil, let last = segments.last?.last ?? nil else { return segments }
        let lengths = zip(points, points.dropFirst()).map { Geodesy.haversineMeters($0, $1) }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return segments }
        var before = 0.0
        return zip(segments, lengths).map { heights, length in
            defer { before += length }
            return heights.indices.map { s in
                let along = before + length * Double(s) / Double(max(heights.count - 1, 1))
                return first + (last - first) * along / total
            }
        }
    }
}
