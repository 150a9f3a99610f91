import Model
import Testing
@testable import Network

/// The graph builder's two specialised kernels beside plain versions written the obvious way:
/// node numbering by a table indexed by id (dense ids) against a dictionary, and the CSR
/// compression that moves targets and times in one counting pass against a sort of edge
/// indices and a merge into fresh arrays.
@Suite struct CompressAndNumberingTests {
    /// Dense ids (a generated district's 1, 2, 3...; an editor's negative ones; ids near the
    /// top of Int64) are numbered by table, in first-appearance order; spread-out ids are not.
    @Test func denseIdsAreNumberedByTableAsADictionaryWould() {
        var random = SplitMix64(seed: 21)
        for base in [Int64(1), -50_000, Int64.max - 40_000, Int64.min] {
            let ids = (0..<30_000).map { _ in base + Int64(random.next() % 20_000) }
            var number: [Int64: Int32] = [:]
            let expected = ids.map { id in
                if let known = number[id] { return known }
                number[id] = Int32(number.count)
                return Int32(number.count - 1)
            }
            let dense = NodeNumbering.denseNumbering(ids)
            #expect(dense?.numbers == expected, "base \(base)")
            #expect(dense?.count == number.count)
            #expect(NodeNumbering(ids: ids).nodeOfReference == expected)
            #expect(NodeNumbering(sorting: ids).nodeOfReference == expected)
        }
        #expect(NodeNumbering.denseNumbering([1, 9_000_000_000, 5]) == nil)
        #expect(NodeNumbering.denseNumbering([Int64.min, Int64.max]) == nil)
        #expect(NodeNumbering.denseNumbering([]) == nil)
    }

    /// Random edge lists with parallel edges (of other times) and self-loops, on nodes with
    /// no edge and nodes with many.
    @Test func compressGivesThePlainCSR() {
        var random = SplitMix64(seed: 5)
        for (nodes, edges) in [(1, 3), (40, 0), (60, 500), (2_000, 9_000), (300, 12_000)] {
            var froms: [Int32] = [], tos: [Int32] = [], times: [Float] = []
            for _ in 0..<edges {
                let from = Int32(random.next() % UInt64(nodes))
                let to = random.next() % 9 == 0 ? from : Int32(random.next() % UInt64(min(nodes, 1 + Int(random.next() % 40))))
                froms.append(from); tos.append(to); times.append(Float(random.next() % 1000) / 8)
            }
            let csr = RoadGraph.compress(nodeCount: nodes, froms: froms, tos: tos, times: times)
            let plain = Self.plainCompress(nodeCount: nodes, froms: froms, tos: tos, times: times)
            #expect(csr.offsets == plain.offsets, "\(nodes) nodes, \(edges) edges")
            #expect(csr.targets == plain.targets)
            #expect(csr.seconds == plain.seconds)
        }
    }

    /// Out-edges of each node in list order, self-loops dropped, a target met again keeping
    /// the first edge's place and the least time.
    static func plainCompress(nodeCount n: Int, froms: [Int32], tos: [Int32], times: [Float])
        -> (offsets: [Int32], targets: [Int32], seconds: [Float]) {
        var out = [[(to: Int32, seconds: Float)]](repeating: [], count: n)
        for e in froms.indices where froms[e] != tos[e] {
            let v = Int(froms[e])
            if let k = out[v].firstIndex(where: { $0.to == tos[e] }) {
                out[v][k].seconds = min(out[v][k].seconds, times[e])
            } else {
                out[v].append((tos[e], times[e]))
            }
        }
        var offsets: [Int32] = [0]
        for edges in out { offsets.append(offsets[offsets.count - 1] + Int32(edges.count)) }
        return (offsets, out.flatMap { $0.map(\.to) }, out.flatMap { $0.map(\.seconds) })
    }
}
