import Foundation
import Model
import Network
import OSMReader
import Roads
import Store

/// Whether a store `import` wrote still describes its district folder.
public enum StoreFreshness {
    /// `store.format` of the stores this version writes and reads (2: edges carry their CSR
    /// positions, graphs their symmetry).
    public static let format = "twinreach store 2"

    /// Why the store's metadata does not match the folder's input files (first difference, by
    /// file), or nil when it does: every input hashed at import has the same FNV-1a 64 hash
    /// today, and no input was added since.
    public static func staleness(metadata: [String: String], folder: String, roadProfiles: [String] = [],
                                 dem: String? = nil) throws -> String? {
        guard metadata["store.format"] == format else {
            return "written by an older import (\(metadata["store.format"] ?? "no store.format"))"
        }
        let now = try DistrictInputs.hashes(of: folder, roadProfiles: roadProfiles, dem: dem)
        for (file, hash) in now {
            guard let then = metadata["hash.\(file)"] else { return "\(file) added" }
            if then != hash { return "\(file) changed" }
        }
        let present = Set(now.map(\.file))
        for key in metadata.keys.sorted() where key.hasPrefix("hash.") && key != "hash.algorithm" {
            let file = String(key.dropFirst("hash.".count))
            if !present.contains(file) { return "\(file) removed" }
        }
        return nil
    }
}

/// The road graph of a run's mode: read from the district's store when the store is current,
/// otherwise built from the OSM file (largest strongly connected component, as `import` does).
/// A run does not write the store: it writes only its output folder; `twinreach import` does.
public struct RoadGraphSource: Sendable {
    /// Reads the OSM road ways (injectable, so that a test can tell whether OSM was parsed).
    public typealias ReadWays = @Sendable (_ osmPath: String, _ settings: DistrictSettings) throws -> [OSMRoadWay]
    public var readWays: ReadWays

    public init(readWays: @escaping ReadWays = { try RoadWays.read(osmPath: $0, settings: $1) }) {
        self.readWays = readWays
    }

    /// Where a graph came from, as the run's log says it.
    public enum Origin: Sendable, Equatable {
        case store(path: String)
        case osm(file: String, why: String)
        /// 跨区通办: the district's file joined with its neighbours' (`files` after the first),
        /// each sharing `sharedNodes` nodes with the roads before it.
        case joined(files: [String], sharedNodes: [Int])

        public var line: String {
            switch self {
            case .store(let path): "road graph: from the store \(path) (current)"
            case .osm(let file, let why): "road graph: from \(file) (store \(why))"
            case .joined(let files, let shared):
                "road graph: from \(files[0]) joined with " + zip(files.dropFirst(), shared).map { "\($0) (\($1) shared nodes)" }
                    .joined(separator: ", ") + " for 跨区通办 (the store holds the district's roads only)"
            }
        }

        /// What the travel description adds: the neighbours' road files joined to the district's.
        public var joinedNote: String {
            guard case .joined(let files, _) = self else { return "" }
            return " joined with " + files.dropFirst().joined(separator: ", ") + " (跨区通办)"
        }

        /// Neighbours whose roads do not meet the district's: their halls are reached only where
        /// they lie near the district's own roads.
        public var unjoinedNeighbours: [String] {
            guard case .joined(let files, let shared) = self else { return [] }
            return zip(files.dropFirst(), shared).filter { $0.1 == 0 }.map(\.0)
        }
    }

    /// The network of `settings.mode` for the district in `folder` whose roads are `roadsPath`;
    /// the store is `folder/twinreach.sqlite` unless `storePath` names another. Built from OSM,
    /// the district's DEM (if any) must cover `boundary` (the district's bounds, WGS 84).
    /// `neighbourRoads` (跨区通办) are joined to the district's roads (`JoinedRoads`), read with
    /// the district's profiles; the store, which holds the district's roads only, is not used.
    public func network(roadsPath: String, folder: String, settings: DistrictSettings, boundary: (min: XY, max: XY)? = nil,
                        storePath: String? = nil, neighbourRoads: [String] = [],
                        progress: (String) -> Void) throws -> (network: RoadNetwork, origin: Origin) {
        if !neighbourRoads.isEmpty {
            return try joinedNetwork(roadsPath: roadsPath, neighbourRoads: neighbourRoads, settings: settings,
                                     boundary: boundary, progress: progress)
        }
        let store = storePath ?? (folder as NSString).appendingPathComponent("twinreach.sqlite")
        let why: String
        switch try stored(store: store, folder: folder, mode: settings.mode, settings: settings) {
        case .success(let graph): return (RoadNetwork(graph: graph), .store(path: store))
        case .failure(let reason): why = reason.text
        }
        let ways = try readWays(roadsPath, settings)
        progress("read \(ways.count) road ways")
        return (try built(ways, settings: settings, boundary: boundary, progress: progress),
                .osm(file: URL(fileURLWithPath: roadsPath).lastPathComponent, why: why))
    }

    /// The graph of `settings.mode` over `ways`, with the district's DEM (if any) under them.
    func built(_ ways: [OSMRoadWay], settings: DistrictSettings, boundary: (min: XY, max: XY)?,
               progress: (String) -> Void) throws -> RoadNetwork {
        let heights = try Terrain.load(settings: settings, covering: boundary)?.heights(of: ways)
        if let dem = settings.dem { progress("terrain: heights from \(URL(fileURLWithPath: dem).lastPathComponent)") }
        return RoadNetwork(ways: RoadWays.inputs(ways, mode: settings.mode, heights: heights))
    }

    /// The district's roads joined with its neighbours' (see `network`).
    func joinedNetwork(roadsPath: String, neighbourRoads: [String], settings: DistrictSettings,
                       boundary: (min: XY, max: XY)?, progress: (String) -> Void) throws -> (network: RoadNetwork, origin: Origin) {
        let own = try readWays(roadsPath, settings)
        let neighbours = try neighbourRoads.map { (file: $0, ways: try readWays($0, settings)) }
        let joined = try JoinedRoads.join(own, file: roadsPath, neighbours: neighbours)
        progress("read \(joined.ways.count) road ways (\(own.count) the district's)")
        let names = ([roadsPath] + neighbourRoads).map(Self.shortName)
        return (try built(joined.ways, settings: settings, boundary: boundary, progress: progress),
                .joined(files: names, sharedNodes: joined.sharedNodes))
    }

    /// `folder/file` of a road file's path, as logs name it.
    static func shortName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
    }

    struct NotUsable: Error { var text: String }

    /// The store's graph of `mode`, or why it cannot be used.
    func stored(store: String, folder: String, mode: TravelMode, settings: DistrictSettings) throws -> Result<RoadGraph, NotUsable> {
        guard FileManager.default.fileExists(atPath: store) else { return .failure(NotUsable(text: "absent")) }
        guard let reader = try? StoreReader(opening: URL(fileURLWithPath: store)), let metadata = try? reader.metadata() else {
            return .failure(NotUsable(text: "unreadable"))
        }
        if let stale = try StoreFreshness.staleness(metadata: metadata, folder: folder, roadProfiles: settings.roadProfiles ?? [],
                                                    dem: settings.dem) {
            return .failure(NotUsable(text: "stale: \(stale)"))
        }
        guard let symmetric = metadata["roads.\(mode.rawValue).symmetric"],
              let graph = StoredGraph.read(from: reader, mode: mode, symmetric: symmetric == "1") else {
            return .failure(NotUsable(text: "has no usable \(mode.rawValue) graph"))
        }
        return .success(graph)
    }
}
