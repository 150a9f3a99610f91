// Benchmark driver (not part of the product, not in CI): bounded Dijkstra from every source of
// a graph file written by scripts/bench-network/gen_grid.py, on N threads, through the same
// public API the engine uses. Prints reached pairs and the sum of their seconds, comparable
// with the SciPy and pandana scripts beside the generator.
//
// Usage: bench-network GRAPH.bin CUTOFF_SECONDS [THREADS]
import Foundation
import Model
import Network

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

let args = CommandLine.arguments
guard args.count >= 3, let cutoff = Float(args[2]) else { fail("usage: bench-network GRAPH.bin CUTOFF_SECONDS [THREADS]") }
let threads = args.count > 3 ? Int(args[3]) ?? 2 : 2
let t0 = Date()
guard let bytes = FileManager.default.contents(atPath: args[1]) else { fail("\(args[1]): cannot read") }

/// Little-endian arrays out of the file, in order.
struct Reader {
    let data: Data
    var at = 0
    mutating func array<T>(_: T.Type, _ count: Int) -> [T] {
        let size = MemoryLayout<T>.size * count
        guard at + size <= data.count else { fail("graph file too short") }
        let start = at
        let out = data.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                if let target = buffer.baseAddress, let source = raw.baseAddress, size > 0 {
                    memcpy(target, source + start, size)
                }
                initialized = count
            }
        }
        at += size
        return out
    }
}
var reader = Reader(data: bytes)
guard String(decoding: reader.array(UInt8.self, 8), as: UTF8.self) == "TRGRAPH1" else { fail("not a benchmark graph file") }
let header = reader.array(Int64.self, 3)
let (n, m, k) = (Int(header[0]), Int(header[1]), Int(header[2]))
let xs = reader.array(Double.self, n), ys = reader.array(Double.self, n)
let froms = reader.array(Int32.self, m), tos = reader.array(Int32.self, m)
let secs = reader.array(Float.self, m), sources = reader.array(Int32.self, k)

// The generator writes edges sorted by source node: CSR offsets by counting.
var offsets = [Int32](repeating: 0, count: n + 1)
for f in froms { offsets[Int(f) + 1] += 1 }
for i in 0..<n { offsets[i + 1] += offsets[i] }
guard let graph = RoadGraph(space: .planar, points: zip(xs, ys).map { XY($0, $1) }, offsets: offsets,
                            targets: tos, seconds: secs) else { fail("inconsistent graph file") }
let t1 = Date()
let perSource = ParallelSearch.map(count: k, threads: threads, nodeCount: n) { i, workspace in
    var reached = 0
    var total = 0.0
    graph.search(from: [SearchStart(node: sources[i])], cutoffSeconds: cutoff, workspace: workspace) { _, s in
        reached += 1
        total += Double(s)
    }
    return (reached, total)
}
let t2 = Date()
let pairs = perSource.reduce(0) { $0 + $1.0 }
let sum = perSource.reduce(0.0) { $0 + $1.1 }
print(String(format: "swift pairs=%d sum_seconds=%.1f load_s=%.2f search_s=%.2f threads=%d",
             pairs, sum, t1.timeIntervalSince(t0), t2.timeIntervalSince(t1), threads))
