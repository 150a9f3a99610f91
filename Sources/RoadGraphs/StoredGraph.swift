import Foundation
import Model
import Network
import Store

/// One mode's road graph as the store's tables `road_nodes_<mode>` (points: `node`, `osm_id`)
/// and `road_edges_<mode>` (lines: `from_node`, `to_node`, `both_ways`, `seconds`, `meters`,
/// `edge`, `reverse_edge`). A pair of opposite edges with the same time is one row, from the
/// lower node number; `edge` and `reverse_edge` are the CSR positions of the edge and of its
/// reverse (NULL when one-way), so that `read` rebuilds the very arrays `import` built.
public enum StoredGraph {
    public struct EdgeRow: Sendable, Hashable {
        public var from: Int, to: Int
        public var seconds: Float
        /// CSR positions of from → to and, for a two-way pair, of to → from.
        public var edge: Int, reverseEdge: Int?
        public var bothWays: Bool { reverseEdge != nil }
    }

    /// The graph's edges as store rows (two-way pairs with the same time once).
    public static func edgeRows(_ graph: RoadGraph) -> [EdgeRow] {
        var rows: [EdgeRow] = []
        rows.reserveCapacity(graph.edgeCount / 2 + 16)
        for v in 0..<graph.nodeCount {
            for e in Int(graph.offsets[v])..<Int(graph.offsets[v + 1]) {
                let w = Int(graph.targets[e])
                let reverse = (Int(graph.offsets[w])..<Int(graph.offsets[w + 1])).first {
                    Int(graph.targets[$0]) == v && graph.seconds[$0] == graph.seconds[e]
                }
                if reverse != nil && w < v { continue }
                rows.append(EdgeRow(from: v, to: w, seconds: graph.seconds[e], edge: e, reverseEdge: reverse))
            }
        }
        return rows
    }

    /// Writes the two tables of `mode` (WGS 84 points and lines).
    public static func write(_ graph: RoadGraph, mode: TravelMode, to writer: StoreWriter) throws(StoreError) {
        try writer.writeLayer(
            LayerSchema(name: "road_nodes_\(mode.rawValue)", geometryType: .point, srid: 4326,
                        columns: [Column("node", .integer), Column("osm_id", .integer)]),
            features: (0..<graph.nodeCount).lazy.map { v in
                Feature(geometry: .point(graph.points[v]),
                        values: [.integer(Int64(v)), graph.nodeIDs.isEmpty ? .null : .integer(graph.nodeIDs[v])])
            })
        try writer.writeLayer(
            LayerSchema(name: "road_edges_\(mode.rawValue)", geometryType: .lineString, srid: 4326,
                        columns: [Column("from_node", .integer), Column("to_node", .integer), Column("both_ways", .integer),
                                  Column("seconds", .real), Column("meters", .real), Column("edge", .integer),
                                  Column("reverse_edge", .integer)]),
            features: edgeRows(graph).lazy.map { r in
                Feature(geometry: .lineString([graph.points[r.from], graph.points[r.to]]),
                        values: [.integer(Int64(r.from)), .integer(Int64(r.to)), .integer(r.bothWays ? 1 : 0),
                                 .real(Double(r.seconds)),
                                 .real((graph.space.meters(graph.points[r.from], graph.points[r.to]) * 1000).rounded() / 1000),
                                 .integer(Int64(r.edge)), r.reverseEdge.map { .integer(Int64($0)) } ?? .null])
            })
    }

    /// The graph of `mode` rebuilt from the store, edge by edge at its CSR position; nil when
    /// the tables are missing or do not describe a consistent graph (the caller then builds it
    /// from OSM). `symmetric`: whether `import` marked it two-way throughout.
    public static func read(from store: StoreReader, mode: TravelMode, symmetric: Bool) -> RoadGraph? {
        var points: [XY] = [], ids: [Int64] = [], consistent = true
        var placed: [(position: Int, source: Int32, target: Int32, seconds: Float)] = []
        do {
            try store.forEachRow("SELECT node, osm_id, X(geom), Y(geom) FROM road_nodes_\(mode.rawValue) ORDER BY fid") { column in
                guard case .integer(let v) = column(0), v == Int64(points.count),
                      case .real(let x) = column(2), case .real(let y) = column(3) else { consistent = false; return }
                points.append(XY(x, y))
                if case .integer(let id) = column(1) { ids.append(id) }
            }
            try store.forEachRow("SELECT from_node, to_node, seconds, edge, reverse_edge FROM road_edges_\(mode.rawValue)") { column in
                guard case .integer(let f) = column(0), case .integer(let t) = column(1), case .real(let s) = column(2),
                      case .integer(let e) = column(3), let a = Int32(exactly: f), let b = Int32(exactly: t) else {
                    consistent = false; return
                }
                placed.append((Int(e), a, b, Float(s)))
                if case .integer(let r) = column(4) { placed.append((Int(r), b, a, Float(s))) }
            }
        } catch { return nil }
        guard consistent else { return nil }
        return graph(points: points, ids: ids.count == points.count ? ids : [], placed: placed, symmetric: symmetric)
    }

    /// CSR arrays from edges with their positions: every position once, sources non-decreasing.
    static func graph(points: [XY], ids: [Int64], placed: [(position: Int, source: Int32, target: Int32, seconds: Float)],
                      symmetric: Bool) -> RoadGraph? {
        let count = placed.count
        var source = [Int32](repeating: -1, count: count)
        var targets = [Int32](repeating: 0, count: count), seconds = [Float](repeating: 0, count: count)
        for p in placed {
            guard p.position >= 0, p.position < count, source[p.position] < 0, p.source >= 0, Int(p.source) < points.count
            else { return nil }
            source[p.position] = p.source; targets[p.position] = p.target; seconds[p.position] = p.seconds
        }
        var offsets = [Int32](repeating: 0, count: points.count + 1)
        for (k, s) in source.enumerated() {
            guard k == 0 || source[k - 1] <= s else { return nil }
            offsets[Int(s) + 1] += 1
        }
        for v in 0..<points.count { offsets[v + 1] += offsets[v] }
        return RoadGraph(space: .geographic, points: points, nodeIDs: ids, offsets: offsets, targets: targets,
                         seconds: seconds, isSymmetric: symmetric)
    }
}
