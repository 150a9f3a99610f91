import Dispatch
import Foundation
import Formats
import Model
import Network
import Projection

/// How a run measures travel from the cells: over the district's road graph for its mode
/// (built once), or as straight lines × detour in the local metric CRS, or from an external
/// matrix. `minutes(to:)` gives resident → point minutes within the cut-off for any set of
/// points (sites, candidate sites), for the choice and the catchments; `nearestMinutes(to:)`
/// each cell's minutes to the nearest of the points with no cut-off, for the figures.
public final class TravelContext {
    public let settings: DistrictSettings
    public let cutoffMinutes: Double
    public let threads: Int
    public let cellPoints: [XY]
    public let description: String
    /// Told the count of searches done within a travel-time step (for a progress bar).
    public let counter: (@Sendable (String, Int, Int) -> Void)?
    private let network: RoadNetwork?
    /// The cells snapped to `network` once, for the nearest-site searches.
    private let cellSnaps: SnapResult?
    /// An external matrix: every pair per cell (columns index `matrixIDs`), whatever its
    /// minutes, in file order; `minutes(to:)` keeps those within the cut-off.
    private let matrix: SparseTravel?
    private let matrixIDs: IdTable?
    private let metric: Transformer?
    private let metricCells: [XY]

    /// `roadNetwork(roadsPath)` gives the graph of the district's mode when it has roads (the
    /// road-graph stage: from the store or from OSM).
    public init(district: District, cutoffMinutes: Double, threads: Int, progress: (String) -> Void,
                counter: (@Sendable (String, Int, Int) -> Void)? = nil,
                roadNetwork: (_ roadsPath: String) throws -> RoadNetwork) throws {
        self.counter = counter
        settings = district.settings
        self.cutoffMinutes = cutoffMinutes
        self.threads = threads
        cellPoints = district.cells.map(\.centroid)
        if let matrixPath = district.travelMatrixPath {
            var origins = IdTable(minimumCapacity: district.cells.count)
            for cell in district.cells { _ = origins.insert(cell.id) }
            let matrix = try PairMatrixReader.read(path: matrixPath, origins: origins, destinations: IdTable(),
                                                   unknownDestinations: .add, threads: threads)
            self.matrix = SparseTravel(rowCount: district.cells.count, columnCount: matrix.extraDestinations.count,
                                       rows: matrix.segments.flatMap(\.origins), columns: matrix.segments.flatMap(\.destinations),
                                       values: matrix.segments.flatMap(\.minutes))
            matrixIDs = matrix.extraDestinations
            network = nil
            cellSnaps = nil
            metric = nil
            metricCells = []
            description = "external matrix \(URL(fileURLWithPath: matrixPath).lastPathComponent) (\(matrix.pairCount) pairs)"
            progress("read \(matrix.pairCount) pairs from \(URL(fileURLWithPath: matrixPath).lastPathComponent)")
            return
        }
        matrix = nil
        matrixIDs = nil
        if let roads = district.roadsPath {
            let built = try roadNetwork(roads)
            network = built
            cellSnaps = built.index.snap(cellPoints, maxMeters: settings.maxSnapMeters, threads: threads)
            metric = nil
            metricCells = []
            description = "\(settings.mode.rawValue) on the road network of \(URL(fileURLWithPath: roads).lastPathComponent) (\(built.graph.nodeCount) nodes, \(built.graph.edgeCount) edges)"
            progress("\(settings.mode.rawValue) graph: \(built.graph.nodeCount) nodes, \(built.graph.edgeCount) edges")
        } else {
            let bounds = district.boundary.bounds ?? (min: cellPoints.first ?? XY(0, 0), max: cellPoints.first ?? XY(0, 0))
            let centre = XY((bounds.min.x + bounds.max.x) / 2, (bounds.min.y + bounds.max.y) / 2)
            let transformer = try Transformer(from: .wgs84, to: CRS.localMetric(for: centre))
            network = nil
            cellSnaps = nil
            metric = transformer
            metricCells = try transformer.transform(cellPoints)
            description = "\(settings.mode.rawValue), straight line × \(GeoJSONWriter.number(settings.detourFactor))"
        }
    }

    /// Whether travel comes from an external matrix (for how problems are worded).
    public var usesMatrix: Bool { matrix != nil }

    /// Minutes from every cell to each of `points` within the cut-off (inclusive) — from the
    /// network, the straight lines or the matrix alike; cells and points that do not snap to the
    /// network (or that the matrix never names) are listed.
    public func minutes(to points: [XY], ids: [String]) throws -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedPoints: [Int]) {
        if let matrix, let matrixIDs {
            // Destinations by the ids asked for; pairs to other destinations and pairs beyond the
            // cut-off are left out, and a point the matrix never names is reached by nobody
            // (reported like an unsnapped one).
            let (wanted, named) = matrixDestinations(ids: ids, matrixIDs: matrixIDs)
            let cutoff = cutoffMinutes
            let rows = (0..<matrix.cellCount).map { cell in
                matrix.pairs(ofCell: cell).compactMap { k -> (column: Int32, value: Double)? in
                    let j = wanted[Int(matrix.site[k])], minutes = matrix.minutes[k]
                    return j >= 0 && minutes <= cutoff ? (Int32(j), minutes) : nil
                }.sorted { $0.column < $1.column }
            }
            let unreached = (0..<matrix.cellCount).filter { matrix.pairs(ofCell: $0).isEmpty }
            return (SparseTravel(rows: rows, columnCount: ids.count), unreached, named.indices.filter { !named[$0] })
        }
        if let network {
            let total = points.count
            let searches = counter.map { report in SearchProgress { done in report("travel times (sites searched)", done, total) } }
            let r = RoadTravel.travel(network: network, cells: cellPoints, snapped: cellSnaps, sites: points, walkKmh: settings.speedsKmh[.walk] ?? 4.5,
                                      maxSnapMeters: settings.maxSnapMeters, cutoffMinutes: cutoffMinutes, threads: threads,
                                      progress: searches)
            return (r.travel, r.unsnappedCells, r.unsnappedSites)
        }
        let travel = StraightLineTravel.compute(cells: metricCells, sites: try metric?.transform(points) ?? points,
                                                speedKmh: settings.speedsKmh[settings.mode] ?? 4.5,
                                                detourFactor: settings.detourFactor, cutoffMinutes: cutoffMinutes)
        return (travel, [], [])
    }

    /// Minutes from every cell to the nearest of `points`, with no cut-off: one multi-source
    /// search over the whole network, the exact nearest straight line, or the smallest pair the
    /// matrix lists. `.infinity` where no point can be reached (the cell did not snap, no path
    /// or no pair leads to one, or there are no points). `reached`: the pairs `minutes(to:)`
    /// gave for a set of points and which of its columns `points` are; on a network, when every
    /// snapped cell has a pair to one of them, the nearest are read from those pairs (the same
    /// numbers, `RoadNetwork.nearestMinutes(in:)`) instead of searched.
    public func nearestMinutes(to points: [XY], ids: [String], reached: (travel: SparseTravel, columns: [Int])? = nil) throws -> [Double] {
        if let matrix, let matrixIDs {
            let (wanted, _) = matrixDestinations(ids: ids, matrixIDs: matrixIDs)
            return (0..<matrix.cellCount).map { cell in
                matrix.pairs(ofCell: cell).reduce(Double.infinity) { best, k in
                    wanted[Int(matrix.site[k])] >= 0 ? min(best, matrix.minutes[k]) : best
                }
            }
        }
        if let network, let cellSnaps {
            if let reached, let minutes = RoadNetwork.nearestMinutes(in: reached.travel, columns: reached.columns, cellSnaps: cellSnaps) {
                return minutes
            }
            return network.nearestSiteSeconds(sites: points, cellSnaps: cellSnaps, maxSnapMeters: settings.maxSnapMeters,
                                              walkKmh: settings.speedsKmh[.walk] ?? 4.5).map { Double($0) / 60 }
        }
        return StraightLineTravel.nearestMinutes(cells: metricCells, sites: try metric?.transform(points) ?? points,
                                                 speedKmh: settings.speedsKmh[settings.mode] ?? 4.5,
                                                 detourFactor: settings.detourFactor)
    }

    /// `nearestMinutes(to:ids:reached:)` for several sets of sites of the run's pairs
    /// (`columns` of `travel`, `minutes(to:)`'s result for `sites`): on a road network the sets'
    /// whole-graph searches run side by side on the context's threads (each set's result is
    /// what it is alone); otherwise one after the other. Results in the sets' order.
    public func nearestMinutes(toEach sets: [[Int]], of sites: (points: [XY], ids: [String]), travel: SparseTravel) throws -> [[Double]] {
        guard network != nil, threads > 1, sets.count > 1 else {
            return try sets.map { try nearestMinutesOfSet($0, sites: sites, travel: travel) }
        }
        let results = ResultSlots(count: sets.count)
        let context = UncheckedContext(self)
        DispatchQueue.concurrentPerform(iterations: min(threads, sets.count)) { worker in
            for k in stride(from: worker, to: sets.count, by: min(context.threads, sets.count)) {
                results.put(k, Result { try context.value.nearestMinutesOfSet(sets[k], sites: sites, travel: travel) })
            }
        }
        return try results.values.map { try $0.get() }
    }

    /// One set of `nearestMinutes(toEach:)` (the context is only read: its network and snaps).
    private func nearestMinutesOfSet(_ columns: [Int], sites: (points: [XY], ids: [String]), travel: SparseTravel) throws -> [Double] {
        try nearestMinutes(to: columns.map { sites.points[$0] }, ids: columns.map { sites.ids[$0] }, reached: (travel, columns))
    }

    /// For each matrix destination the index among `ids` (-1: not asked for), and whether each
    /// id is named by the matrix.
    private func matrixDestinations(ids: [String], matrixIDs: IdTable) -> (wanted: [Int], named: [Bool]) {
        var wanted = [Int](repeating: -1, count: matrixIDs.count)
        var named = [Bool](repeating: false, count: ids.count)
        for (j, id) in ids.enumerated() {
            if let d = matrixIDs.index(of: id) { wanted[d] = j; named[j] = true }
        }
        return (wanted, named)
    }
}

/// The context handed to the threads of `nearestMinutes(toEach:)`, which only read it.
private struct UncheckedContext: @unchecked Sendable {
    let value: TravelContext
    var threads: Int { value.threads }
    init(_ value: TravelContext) { self.value = value }
}

/// One result slot per set, each written by one thread.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<[Double], Error>]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: .success([]), count: count) }
    func put(_ k: Int, _ result: Result<[Double], Error>) { lock.lock(); slots[k] = result; lock.unlock() }
    var values: [Result<[Double], Error>] { lock.lock(); defer { lock.unlock() }; return slots }
}
