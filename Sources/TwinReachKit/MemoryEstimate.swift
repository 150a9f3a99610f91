import Districts
import Foundation
import GISFiles
import Model

/// What a `run` or `import` of a district will need in memory at least, estimated before
/// anything is loaded from the file sizes and a streaming count of the cells, so that a district
/// that cannot fit is refused at once with a message instead of being killed after minutes.
///
/// It is a lower bound, so that nothing that would fit is refused:
/// - 60 MiB for the program and the small layers (a generated district of 20,000 cells and a
///   2.0 MB roads.osm peaks at 89 MiB, GeoData/andorra's 2,014 cells with cross-district roads at
///   91 MiB);
/// - 720 bytes a cell and a quarter of the road file's size (`.osm` or `.osm.pbf`: a file may be
///   mostly buildings, and only its road ways are kept): the lower envelope of measured `run`
///   peaks (generated districts with their roads.osm of 32, 162 and 520 MB) of 256 MiB for 200,000
///   cells, 1,032 MiB for 1 M cells and 3,101 MiB for 4 M cells (this gives 205 MiB, 785 MiB,
///   2.9 GiB), and below the 592 MiB that reading a 1.0 GB province `.osm.pbf` takes;
/// - `travel_matrix.csv`: its size (every row of about 20 bytes of text is held as 16 bytes of
///   pair and again as 16 bytes of the cell's row).
public struct MemoryEstimate: Sendable, Equatable {
    public var cells: Int
    public var roadBytes: Int
    public var matrixBytes: Int

    public static let baseBytes = 60 << 20
    public static let bytesPerCell = 720

    /// The least bytes the run will hold at its peak.
    public var bytes: Int {
        Self.baseBytes + cells * Self.bytesPerCell + roadBytes / 4 + matrixBytes
    }

    /// Counts and sizes of the district folder (missing files count as empty: the loader
    /// reports them).
    public static func of(district folder: String) -> MemoryEstimate {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func size(_ name: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path(name))[.size] as? Int) ?? nil
        }
        let geojson = path("population.geojson"), csv = path("population.csv")
        let cells = if FileManager.default.fileExists(atPath: geojson) {
            count(of: Array("\"Feature\"".utf8), in: geojson)
        } else if FileManager.default.fileExists(atPath: csv) {
            max(0, count(of: [0x0A], in: csv) - 1)
        } else {
            otherPopulationCount(in: folder)
        }
        return MemoryEstimate(cells: cells, roadBytes: size("roads.osm.pbf") ?? size("roads.osm") ?? 0,
                              matrixBytes: size("travel_matrix.csv") ?? 0)
    }

    /// The cells of a population layer in another format (GDAL's count; 0 when there is none
    /// or it cannot be read: the loader reports it).
    static func otherPopulationCount(in folder: String) -> Int {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let files = DistrictLoader.layerExtensions.map { path("population.\($0)") }
        if let file = files.first(where: { FileManager.default.fileExists(atPath: $0) && !$0.hasSuffix(".geojson") && !$0.hasSuffix(".csv") }) {
            return (try? VectorLayerReader.featureCount(path: file)) ?? 0
        }
        let package = path(DistrictLoader.layerPackage)
        return (try? VectorLayerReader.featureCount(path: package, layer: "population")) ?? 0
    }

    /// Occurrences of `needle` in the file, read in 4 MiB blocks (0 when it cannot be read),
    /// counted left to right without overlap.
    static func count(of needle: [UInt8], in path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        var total = 0
        var carry: [UInt8] = []
        while let block = try? handle.read(upToCount: 4 << 20), !block.isEmpty {
            let bytes = carry + block
            total += bytes.withUnsafeBufferPointer { occurrences(of: needle, in: $0) }
            carry = Array(bytes.suffix(needle.count - 1))
        }
        return total
    }

    /// Occurrences of `needle` in `bytes`, left to right without overlap: the candidates found by
    /// `memchr` on the needle's first byte that is not a quote (rare in a layer, where quotes
    /// open every name), so that a 270 MB population layer is counted at memory speed.
    static func occurrences(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !needle.isEmpty else { return 0 }
        let anchor = needle.firstIndex { $0 != UInt8(ascii: "\"") } ?? 0
        var total = 0, end = 0, p = anchor
        while p < bytes.count, let found = memchr(base + p, Int32(needle[anchor]), bytes.count - p) {
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
            p = start + anchor + 1
            guard start >= end, start + needle.count <= bytes.count,
                  needle.indices.allSatisfy({ bytes[start + $0] == needle[$0] }) else { continue }
            total += 1
            end = start + needle.count
        }
        return total
    }

    /// The memory a run may use: `TWINREACH_MEMORY_BYTES` when set (a budget smaller than the
    /// machine, e.g. on a shared server, and for tests), else the smaller of the physical memory
    /// and the cgroup limit (`/sys/fs/cgroup/memory.max`, a container's share).
    public static func availableBytes(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (bytes: Int, source: String) {
        if let text = environment["TWINREACH_MEMORY_BYTES"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw InputError(.usage, file: "TWINREACH_MEMORY_BYTES", .file, "'\(text)' is not a number of bytes > 0")
            }
            return (value, "TWINREACH_MEMORY_BYTES")
        }
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit < physical {
            return (limit, "the container's limit (/sys/fs/cgroup/memory.max)")
        }
        return (physical, "physical memory")
    }

    /// Refuses (exit 74: the machine, not the data, is short; the same files run on a larger
    /// one) when the lower bound is above the memory available.
    public func requireFits(district folder: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let (available, source) = try Self.availableBytes(environment: environment)
        guard bytes > available else { return }
        var parts = ["\(cells) cells"]
        if roadBytes > 0 { parts.append("a \(Self.text(roadBytes)) road file") }
        if matrixBytes > 0 { parts.append("a \(Self.text(matrixBytes)) travel matrix") }
        throw InputError(.ioError, file: folder, .file,
                         "needs at least \(Self.text(bytes)) of memory (\(parts.joined(separator: ", "))), more than the \(Self.text(available)) of \(source): use a larger machine or split the district")
    }

    /// Bytes as KiB, MiB or GiB.
    static func text(_ bytes: Int) -> String {
        let mib = Double(bytes) / Double(1 << 20)
        if mib < 1 { return String(format: "%.0f KiB", Double(bytes) / 1024) }
        return mib >= 1024 ? String(format: "%.1f GiB", mib / 1024) : String(format: "%.1f MiB", mib)
    }
}
