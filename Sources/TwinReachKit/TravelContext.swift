import Foundation
import Formats
import Model
import Network
import Projection
import Travel

/// How a run measures travel from the cells: over the district's road graph for its mode
/// (built once), or as straight lines × detour in the local metric CRS. `minutes(to:)` gives
/// resident → point minutes for any set of points (sites, candidate sites).
final class TravelContext {
    let settings: DistrictSettings
    let cutoffMinutes: Double
    let threads: Int
    let cellPoints: [XY]
    let description: String
    /// Told the count of searches done within a travel-time step (for a progress bar).
    let counter: (@Sendable (String, Int, Int) -> Void)?
    private let network: RoadNetwork?
    private let metric: Transformer?
    private let metricCells: [XY]

    init(district: District, cutoffMinutes: Double, threads: Int, progress: (String) -> Void,
         counter: (@Sendable (String, Int, Int) -> Void)? = nil) throws {
        self.counter = counter
        settings = district.settings
        self.cutoffMinutes = cutoffMinutes
        self.threads = threads
        cellPoints = district.cells.map(\.centroid)
        if let roads = district.roadsPath {
            let ways = try RoadTravel.roadWays(osmPath: roads, settings: settings)
            progress("read \(ways.count) road ways")
            let built = RoadNetwork(ways: RoadTravel.wayInputs(ways, mode: settings.mode))
            network = built
            metric = nil
            metricCells = []
            description = "\(settings.mode.rawValue) on the road network of \((roads as NSString).lastPathComponent) (\(built.graph.nodeCount) nodes, \(built.graph.edgeCount) edges)"
            progress("\(settings.mode.rawValue) graph: \(built.graph.nodeCount) nodes, \(built.graph.edgeCount) edges")
        } else {
            let bounds = district.boundary.bounds ?? (min: cellPoints.first ?? XY(0, 0), max: cellPoints.first ?? XY(0, 0))
            let centre = XY((bounds.min.x + bounds.max.x) / 2, (bounds.min.y + bounds.max.y) / 2)
            let transformer = try Transformer(from: .wgs84, to: CRS.localMetric(for: centre))
            network = nil
            metric = transformer
            metricCells = try transformer.transform(cellPoints)
            description = "\(settings.mode.rawValue), straight line × \(GeoJSONWriter.number(settings.detourFactor))"
        }
    }

    /// Minutes from every cell to each of `points` within the cut-off; cells and points that do
    /// not snap to the network are listed.
    func minutes(to points: [XY]) throws -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedPoints: [Int]) {
        if let network {
            let total = points.count
            let searches = counter.map { report in SearchProgress { done in report("travel times (sites searched)", done, total) } }
            let r = RoadTravel.travel(network: network, cells: cellPoints, sites: points, walkKmh: settings.speedsKmh[.walk] ?? 4.5,
                                      maxSnapMeters: settings.maxSnapMeters, cutoffMinutes: cutoffMinutes, threads: threads,
                                      progress: searches)
            return (r.travel, r.unsnappedCells, r.unsnappedSites)
        }
        let travel = StraightLineTravel.compute(cells: metricCells, sites: try metric?.transform(points) ?? points,
                                                speedKmh: settings.speedsKmh[settings.mode] ?? 4.5,
                                                detourFactor: settings.detourFactor, cutoffMinutes: cutoffMinutes)
        return (travel, [], [])
    }
}
