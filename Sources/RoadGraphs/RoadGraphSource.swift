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

        public var line: String {
            switch self {
            case .store(let path): "road graph: from the store \(path) (current)"
            case .osm(let file, let why): "road graph: from \(file) (store \(why))"
            }
        }
    }

    /// The network of `settings.mode` for the district in `folder` whose roads are `roadsPath`;
    /// the store is `folder/twinreach.sqlite` unless `storePath` names another. Built from OSM,
    /// the district's DEM (if any) must cover `boundary` (the district's bounds, WGS 84).
    public func network(roadsPath: String, folder: String, settings: DistrictSettings, boundary: (min: XY, max: XY)? = nil,
                        storePath: String? = nil, progress: (String) -> Void) throws -> (network: RoadNetwork, origin: Origin) {
        let store = storePath ?? (folder as NSString).appendingPathComponent("twinreach.sqlite")
        let why: String
        switch try stored(store: store, folder: folder, mode: settings.mode, settings: settings) {
        case .success(let graph): return (RoadNetwork(graph: graph), .store(path: store))
        case .failure(let reason): why = reason.text
        }
        let ways = try readWays(roadsPath, settings)
        progress("read \(ways.count) road ways")
        let heights = try Terrain.load(settings: settings, covering: boundary)?.heights(of: ways)
        if let dem = settings.dem { progress("terrain: heights from \(URL(fileURLWithPath: dem).lastPathComponent)") }
        return (RoadNetwork(ways: RoadWays.inputs(ways, mode: settings.mode, heights: heights)),
                .osm(file: URL(fileURLWithPath: roadsPath).lastPathComponent, why: why))
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
