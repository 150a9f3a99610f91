import Districts
import Foundation
import Formats
import Model
import Network
import OSMReader
import RoadGraphs
import Store

/// One mode's road graph in the store.
public struct ModeImport: Sendable {
    public var mode: TravelMode
    public var report: GraphBuildReport
    public var nodes: Int
    /// Directed edges, and the rows of `road_edges_<mode>` (two-way pairs stored once).
    public var edges: Int
    public var edgeRows: Int
    /// Cells and sites snapped within `max_snap_meters`, those beyond it, and the longest snap.
    public var cellsSnapped: Int
    public var cellsUnsnapped: [String]
    public var sitesSnapped: Int
    public var sitesUnsnapped: [String]
    public var maxSnapMeters: Double
    /// Whether the graph is two-way throughout (searches need no reversed graph).
    var symmetric = false
}

/// What `import` found and wrote.
public struct ImportReport: Sendable {
    public var store: String
    public var districtName: String
    public var cells = 0
    public var population = 0.0
    public var subdistricts = 0
    public var candidates = 0
    public var sites: [Site] = []
    public var roads: String?
    public var modes: [ModeImport] = []
    public var maxSnapMeters = 0.0
    public var hashes: [(file: String, fnv1a64: String)] = []
    public var storeBytes = 0
    public var seconds = 0.0

    public var lines: [String] {
        var out = ["district \(districtName)"]
        out.append("cells: \(cells), population \(GeoJSONWriter.number((population * 1e4).rounded() / 1e4)); subdistricts: \(subdistricts); candidates: \(candidates)")
        let halls = Tier.allCases.reversed().map { t in "\(t.rawValue) \(sites.filter { $0.kind == .hall && $0.tier == t }.count)" }
        out.append("sites: \(sites.count) (halls: \(halls.joined(separator: ", ")); kiosks \(sites.filter { $0.kind == .kiosk }.count))")
        if let roads {
            out.append("roads: \(roads)")
        } else {
            out.append("roads: none (no road layers; travel falls back to straight line × detour factor)")
        }
        for m in modes {
            let r = m.report
            out.append("  \(m.mode.rawValue): \(m.nodes) nodes, \(m.edges) directed edges (\(m.edgeRows) rows) from \(r.wayCount) ways (\(GeoJSONWriter.number((r.wayLengthMeters / 100).rounded() / 10)) km); largest of \(r.componentCount) component(s) kept, dropped \(r.droppedNodeCount) nodes and \(r.droppedEdgeCount) edges")
            out.append("    snapping within \(GeoJSONWriter.number(maxSnapMeters)) m: cells \(m.cellsSnapped) snapped, \(m.cellsUnsnapped.count) unsnapped; sites \(m.sitesSnapped) snapped, \(m.sitesUnsnapped.count) unsnapped; max snap \(GeoJSONWriter.number((m.maxSnapMeters * 10).rounded() / 10)) m")
            let unsnapped = m.cellsUnsnapped.map { "cell \($0)" } + m.sitesUnsnapped.map { "site \($0)" }
            if !unsnapped.isEmpty {
                out.append("    unsnapped: " + unsnapped.prefix(10).joined(separator: ", ") + (unsnapped.count > 10 ? ", ... (\(unsnapped.count) in all; listed in the store's snaps table)" : ""))
            }
        }
        out.append("store: \(store) (\(storeBytes) bytes)")
        out.append("elapsed: \(String(format: "%.2f", seconds)) s")
        return out
    }
}

/// `twinreach import`: reads a district folder and writes its SpatiaLite store.
///
/// Layers (WGS 84, EPSG:4326): `boundary`, `subdistricts`, `cells` (polygons, or points when the
/// grid gives centroids), `sites`, `candidates` (when any), and per travel mode with roads
/// `road_nodes_<mode>` (points: graph node number and OSM node id) and `road_edges_<mode>`
/// (lines: from/to node numbers, `both_ways`, seconds, metres; a two-way pair of edges with the
/// same time is one row, so the CSR graph can be rebuilt exactly). Each mode's graph is the largest strongly connected component of the
/// ways that mode may use (what was dropped is reported). Tables: `snaps` (layer, id, mode,
/// node, meters; NULL node beyond `max_snap_meters`) and `metadata` (district, CRS, counts,
/// and the FNV-1a 64 hash of every input file).
public enum ImportCommand {
    /// `counter(step, done, total)` is told the modes built (for a progress bar).
    public static func run(district folder: String, store: String? = nil, geo: any GeoServices = LibraryGeoServices(),
                           counter: (@Sendable (String, Int, Int) -> Void)? = nil) throws -> ImportReport {
        let started = Date()
        let storePath = store ?? (folder as NSString).appendingPathComponent("twinreach.sqlite")
        try checkReplaceable(storePath)
        try MemoryEstimate.of(district: folder).requireFits(district: folder)
        let district = try DistrictLoader.load(folder, geo: geo).get()
        var report = ImportReport(store: storePath, districtName: district.settings.name)
        report.cells = district.cells.count
        report.population = district.cells.reduce(0) { $0 + $1.population }
        report.subdistricts = district.subdistricts.count
        report.candidates = district.candidates.count
        report.sites = district.sites
        report.maxSnapMeters = district.settings.maxSnapMeters

        // Input hashes.
        report.hashes = try DistrictInputs.hashes(of: folder, roadProfiles: district.settings.roadProfiles ?? [],
                                                  dem: district.settings.dem)

        // Road graphs per mode.
        var graphs: [(TravelMode, RoadGraph)] = []
        var snapRows: [[Value]] = []
        if let roadsPath = district.roadsPath {
            report.roads = URL(fileURLWithPath: roadsPath).lastPathComponent
            let s = district.settings
            let ways = try RoadWays.read(osmPath: roadsPath, settings: s)
            let heights = try Terrain.load(settings: s, covering: district.boundary.bounds)?.heights(of: ways)
            for (modeNumber, mode) in TravelMode.allCases.enumerated() {
                counter?("road graphs and snapping (modes)", modeNumber, TravelMode.allCases.count)
                defer { counter?("road graphs and snapping (modes)", modeNumber + 1, TravelMode.allCases.count) }
                let inputs = RoadWays.inputs(ways, mode: mode, heights: heights)
                guard !inputs.isEmpty else { continue }
                let (graph, build) = RoadGraph.build(ways: inputs, space: .geographic, keep: .largestStrong)
                let index = SnapIndex(graph: graph)
                let cellSnaps = index.snap(district.cells.map(\.centroid), maxMeters: s.maxSnapMeters)
                let siteSnaps = index.snap(district.sites.map(\.location), maxMeters: s.maxSnapMeters)
                let longest = (cellSnaps.snaps + siteSnaps.snaps).compactMap { $0?.meters }.max() ?? 0
                report.modes.append(ModeImport(
                    mode: mode, report: build, nodes: graph.nodeCount, edges: graph.edgeCount, edgeRows: StoredGraph.edgeRows(graph).count,
                    cellsSnapped: cellSnaps.snaps.count - cellSnaps.unsnapped.count,
                    cellsUnsnapped: cellSnaps.unsnapped.map { district.cells[$0].id },
                    sitesSnapped: siteSnaps.snaps.count - siteSnaps.unsnapped.count,
                    sitesUnsnapped: siteSnaps.unsnapped.map { district.sites[$0].id }, maxSnapMeters: longest,
                    symmetric: graph.isSymmetric))
                graphs.append((mode, graph))
                snapRows.append(contentsOf: rows(layer: "cells", ids: district.cells.map(\.id), mode: mode, cellSnaps))
                snapRows.append(contentsOf: rows(layer: "sites", ids: district.sites.map(\.id), mode: mode, siteSnaps))
            }
        }

        do {
            try write(district, graphs: graphs, snapRows: snapRows, report: report, to: storePath)
        } catch let error as StoreError {
            throw InputError(.ioError, file: storePath, .file, "cannot write the store: \(error)")
        }
        report.storeBytes = ((try? FileManager.default.attributesOfItem(atPath: storePath)[.size]) as? Int) ?? 0
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static func rows(layer: String, ids: [String], mode: TravelMode, _ result: SnapResult) -> [[Value]] {
        zip(ids, result.snaps).map { id, snap in
            [.text(layer), .text(id), .text(mode.rawValue), snap.map { .integer(Int64($0.node)) } ?? .null,
             snap.map { .real(($0.meters * 1000).rounded() / 1000) } ?? .null]
        }
    }

    static func write(_ d: District, graphs: [(TravelMode, RoadGraph)], snapRows: [[Value]], report: ImportReport, to path: String) throws {
        let writer = try StoreWriter(creating: URL(fileURLWithPath: path))
        let wgs84 = 4326
        try writer.writeLayer(LayerSchema(name: "boundary", geometryType: .multiPolygon, srid: wgs84, columns: [Column("name", .text)]),
                              features: [Feature(geometry: .multiPolygon(d.boundary), values: [.text(d.settings.name)])])
        try writer.writeLayer(
            LayerSchema(name: "subdistricts", geometryType: .multiPolygon, srid: wgs84,
                        columns: [Column("id", .text), Column("name", .text), Column("pop", .real)]),
            features: d.subdistricts.map { s in
                Feature(geometry: .multiPolygon(s.area), values: [.text(s.id), .text(s.name), s.population.map { .real($0) } ?? .null])
            })
        let polygonCells = d.cells.allSatisfy(\.hasArea)
        try writer.writeLayer(
            LayerSchema(name: "cells", geometryType: polygonCells ? .multiPolygon : .point, srid: wgs84,
                        columns: [Column("id", .text), Column("pop", .real), Column("elderly", .real), Column("digital", .real),
                                  Column("lon", .real), Column("lat", .real)]),
            features: d.cells.map { c in
                Feature(geometry: polygonCells ? c.area.map { .multiPolygon($0) } : .point(c.centroid),
                        values: [.text(c.id), .real(c.population), .real(c.elderlyShare), .real(c.digitalShare),
                                 .real(c.centroid.x), .real(c.centroid.y)])
            })
        try writer.writeLayer(
            LayerSchema(name: "sites", geometryType: .point, srid: wgs84,
                        columns: [Column("id", .text), Column("name", .text), Column("kind", .text), Column("tier", .text),
                                  Column("windows", .integer), Column("hours", .text), Column("weekly_open_minutes", .integer),
                                  Column("services", .text)]),
            features: d.sites.map { s in
                Feature(geometry: .point(s.location),
                        values: [.text(s.id), .text(s.name), .text(s.kind.rawValue), s.tier.map { .text($0.rawValue) } ?? .null,
                                 .integer(Int64(s.windows)), .text(s.hours.text), .integer(Int64(s.hours.weeklyOpenMinutes)),
                                 s.services.map { .text($0.joined(separator: ",")) } ?? .null])
            })
        if !d.candidates.isEmpty {
            try writer.writeLayer(LayerSchema(name: "candidates", geometryType: .point, srid: wgs84, columns: [Column("id", .text)]),
                                  features: d.candidates.map { Feature(geometry: .point($0.location), values: [.text($0.id)]) })
        }
        for (mode, graph) in graphs { try StoredGraph.write(graph, mode: mode, to: writer) }
        try writer.writeTable("snaps", columns: [Column("layer", .text), Column("id", .text), Column("mode", .text),
                                                 Column("node", .integer), Column("meters", .real)], rows: snapRows)
        var meta: [String: String] = [
            "district.name": d.settings.name,
            "district.crs": d.settings.crs,
            "store.crs": "EPSG:4326",
            "hash.algorithm": "FNV-1a 64-bit of the file's bytes (non-cryptographic; detects changed inputs, not tampering)",
            "count.cells": String(d.cells.count),
            "count.sites": String(d.sites.count),
            "count.subdistricts": String(d.subdistricts.count),
            "population": GeoJSONWriter.number(report.population),
            "max_snap_meters": GeoJSONWriter.number(d.settings.maxSnapMeters),
        ]
        for (file, hash) in report.hashes { meta["hash.\(file)"] = hash }
        for m in report.modes {
            meta["roads.\(m.mode.rawValue).nodes"] = String(m.nodes)
            meta["roads.\(m.mode.rawValue).edges"] = String(m.edges)
            meta["roads.\(m.mode.rawValue).dropped_nodes"] = String(m.report.droppedNodeCount)
            meta["roads.\(m.mode.rawValue).dropped_edges"] = String(m.report.droppedEdgeCount)
            meta["roads.\(m.mode.rawValue).symmetric"] = m.symmetric ? "1" : "0"
        }
        meta[storeFormatKey] = storeFormat
        try writer.setMetadata(meta)
        // Checked again: the path may have been taken while the store was built.
        try checkReplaceable(path)
        try writer.commit()
    }

    /// The metadata entry that marks a file as a store `import` wrote.
    static let storeFormatKey = "store.format"
    static let storeFormat = StoreFreshness.format

    /// Refuses (exit 73) a store path that holds anything but a store `import` wrote: a folder,
    /// a symbolic link, a file that is not an SQLite database, or a database without TwinReach's
    /// `metadata` table (its `store.format` entry; stores written before it have
    /// `hash.algorithm` and `district.name`). A path that does not exist is fine.
    static func checkReplaceable(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw InputError(.cantCreate, file: path, .file, "cannot be examined (\(String(cString: strerror(errno)))): choose another --store path")
        }
        let fix = "import writes only over a store it wrote; choose another --store path"
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw InputError(.cantCreate, file: path, .file, "is a folder, not a store file; \(fix)")
        case S_IFLNK: throw InputError(.cantCreate, file: path, .file, "is a symbolic link; \(fix), or give the file it points to")
        default: throw InputError(.cantCreate, file: path, .file, "is not a regular file; \(fix)")
        }
        guard isSQLite(path) else {
            throw InputError(.cantCreate, file: path, .file, "exists and is not a TwinReach store (not an SQLite database); \(fix)")
        }
        let metadata: [String: String]
        do { metadata = try StoreReader(opening: URL(fileURLWithPath: path)).metadata() } catch {
            throw InputError(.cantCreate, file: path, .file, "exists and is not a TwinReach store (an SQLite database without TwinReach's metadata table); \(fix)")
        }
        let written = metadata[storeFormatKey]?.hasPrefix("twinreach store ") == true
            || (metadata["hash.algorithm"]?.hasPrefix("FNV-1a 64-bit") == true && metadata["district.name"] != nil)
        guard written else {
            throw InputError(.cantCreate, file: path, .file, "exists and is not a TwinReach store (its metadata table was not written by import); \(fix)")
        }
    }

    /// Whether the file starts with SQLite's 16-byte header, "SQLite format 3" and a NUL.
    static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return head == Data("SQLite format 3\u{0}".utf8)
    }
}
