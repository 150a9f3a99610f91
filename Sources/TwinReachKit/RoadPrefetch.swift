import Districts
import Foundation
import Model
import RoadGraphs
import Roads

/// The district's own OSM road ways, read on a thread of their own while the population and
/// sites load: two independent inputs, each read by one core. The road-graph stage later asks
/// for its ways through `source(_:)` and gets these when it asks for the same file with the
/// same road profiles (`road_profile` files, `speeds_kmh`) as district.yaml gave; otherwise (a
/// scenario changed the speeds) it reads the file itself, as without the prefetch.
///
/// A read error is kept and thrown where the road-graph stage asks, so that a run fails at the
/// same step with the same message. Started only when the graph will come from OSM: no store
/// (`twinreach.sqlite`) and no `travel_matrix.csv` in the folder, and more than one thread.
final class RoadPrefetch: @unchecked Sendable {
    let roadsPath: String
    let settings: DistrictSettings
    private let done = DispatchGroup()
    private let lock = NSLock()
    /// The read's outcome until the road-graph stage takes it (then nil, to free the ways).
    private var outcome: Result<[OSMRoadWay], any Error>?

    private init(roadsPath: String, settings: DistrictSettings) {
        self.roadsPath = roadsPath
        self.settings = settings
    }

    /// Starts reading the roads of the district in `folder` with `source`'s reader, or nil
    /// when the run will not read them from OSM (or has one thread).
    static func start(folder: String, threads: Int, source: RoadGraphSource) -> RoadPrefetch? {
        let file = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        guard threads > 1,
              !FileManager.default.fileExists(atPath: file("twinreach.sqlite")),
              !FileManager.default.fileExists(atPath: file("travel_matrix.csv")),
              let found = DistrictLoader.settingsAndRoads(folder, geo: LibraryGeoServices()),
              let roadsPath = found.roadsPath else { return nil }
        let prefetch = RoadPrefetch(roadsPath: roadsPath, settings: found.settings)
        let read = source.readWays
        DispatchQueue.global().async(group: prefetch.done) {
            let result = Result { try read(roadsPath, found.settings) }
            prefetch.lock.lock()
            prefetch.outcome = result
            prefetch.lock.unlock()
        }
        return prefetch
    }

    /// `base` with its reader answering from this read where it applies.
    func source(_ base: RoadGraphSource) -> RoadGraphSource {
        var source = base
        source.readWays = { path, settings in
            if let ways = try self.take(path: path, settings: settings) { return ways }
            return try base.readWays(path, settings)
        }
        return source
    }

    /// The prefetched ways (or the read's error) for `path` read with `settings`, once; nil
    /// when they do not apply.
    func take(path: String, settings asked: DistrictSettings) throws -> [OSMRoadWay]? {
        guard path == roadsPath, asked.roadProfiles == settings.roadProfiles, asked.speedsKmh == settings.speedsKmh else { return nil }
        done.wait()
        lock.lock()
        let result = outcome
        outcome = nil
        lock.unlock()
        return try result?.get()
    }

    /// Blocks until the read has finished (a run returns only when its work is done).
    func wait() { done.wait() }
}
