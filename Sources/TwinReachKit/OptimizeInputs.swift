import Formats
import Foundation
import Model

// The CSV readers `optimize` uses, in one file so that a dedicated matrix loader in Formats can
// replace them. Every problem names the file and the line.

/// `id,pop` rows in file order.
struct PopulationRows {
    var ids: [String] = []
    var populations: [Double] = []
}

enum OptimizeInputs {
    /// Reads `id,pop`: ids non-empty and unique, pop a finite number >= 0.
    static func population(_ path: String) throws -> PopulationRows {
        var reader = try CSVReader(path: path)
        let columns = try reader.columns(["id", "pop"])
        var rows = PopulationRows()
        var seen = Set<String>()
        try reader.forEach { record in
            let id = record.string(columns[0])
            guard !id.isEmpty else { throw InputError(file: path, .line(record.line), "empty id") }
            guard seen.insert(id).inserted else { throw InputError(file: path, .line(record.line), "id \(id) appears twice") }
            guard let pop = record.double(columns[1]), pop.isFinite, pop >= 0 else {
                throw InputError(file: path, .line(record.line), "pop '\(record.string(columns[1]))' is not a number >= 0 (id \(id))")
            }
            guard pop <= InputLimits.maxPopulation else {
                throw InputError(file: path, .line(record.line), InputLimits.populationMessage(pop) + " (id \(id))")
            }
            rows.ids.append(id)
            rows.populations.append(pop)
        }
        return rows
    }

    /// Reads the `id` column of a site list (candidates, fixed sites): non-empty, unique ids.
    static func siteIDs(_ path: String) throws -> [String] {
        var reader = try CSVReader(path: path)
        let column = try reader.columns(["id"])[0]
        var ids: [String] = []
        var seen = Set<String>()
        try reader.forEach { record in
            let id = record.string(column)
            guard !id.isEmpty else { throw InputError(file: path, .line(record.line), "empty id") }
            guard seen.insert(id).inserted else { throw InputError(file: path, .line(record.line), "id \(id) appears twice") }
            ids.append(id)
        }
        return ids
    }

    /// Pairs of a long-form matrix `origin,destination,minutes` whose origin is in `cells` and
    /// destination in `sites` (others are skipped and counted: cells without population, sites
    /// that are neither candidates nor fixed). Minutes must be finite and >= 0.
    struct Pairs {
        var cells: [Int32] = []
        var sites: [Int32] = []
        var minutes: [Double] = []
        var skipped = 0
        /// Sites that appear as a destination at least once.
        var seenSites: [Bool] = []
    }

    static func matrix(_ path: String, cells: ByteKeyIndex, sites: ByteKeyIndex, siteCount: Int) throws -> Pairs {
        var reader = try CSVReader(path: path)
        let columns = try reader.columns(["origin", "destination", "minutes"])
        var pairs = Pairs()
        pairs.seenSites = [Bool](repeating: false, count: siteCount)
        var lastOrigin: [UInt8] = []
        var lastCell: Int32 = -1
        try reader.forEach { record in
            let cell: Int32 = record.withBytes(columns[0]) { bytes in
                if bytes.elementsEqual(lastOrigin) { return lastCell }
                lastOrigin = Array(bytes)
                lastCell = cells.lookup(bytes) ?? -1
                return lastCell
            }
            let site = record.withBytes(columns[1]) { sites.lookup($0) } ?? -1
            let value = record.double(columns[2])
            // A finite value of at least 0 has no problem: the field's text is made only for the others.
            if !(value.map { $0.isFinite && $0 >= 0 } ?? false),
               let problem = PairMatrixReader.minutesProblem(text: record.string(columns[2]), value: value) {
                throw InputError(file: path, .line(record.line), problem)
            }
            guard let minutes = value else { return }
            if site >= 0 { pairs.seenSites[Int(site)] = true }
            guard cell >= 0, site >= 0 else { pairs.skipped += 1; return }
            pairs.cells.append(cell)
            pairs.sites.append(site)
            pairs.minutes.append(minutes)
        }
        return pairs
    }

    /// The line of the second occurrence of the pair (origin, destination), for the error
    /// message about a repeated pair (a rare path: the file is read again).
    static func lineOfRepeatedPair(_ path: String, origin: String, destination: String) throws -> Int? {
        var reader = try CSVReader(path: path)
        let columns = try reader.columns(["origin", "destination", "minutes"])
        var count = 0
        var found: Int? = nil
        try reader.forEach { record in
            guard found == nil, record.string(columns[0]) == origin, record.string(columns[1]) == destination else { return }
            count += 1
            if count == 2 { found = record.line }
        }
        return found
    }
}

/// Maps ids (as UTF-8 bytes) to numbers without building a String per lookup: open addressing
/// over FNV-1a hashes, keys compared byte for byte.
struct ByteKeyIndex {
    private var storage: [UInt8] = []
    private var offsets: [Int] = [0]
    private var table: [Int32]
    private let mask: Int

    init(_ keys: [String]) {
        var size = 16
        while size < keys.count * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for key in keys {
            let bytes = Array(key.utf8)
            storage.append(contentsOf: bytes)
            offsets.append(storage.count)
        }
        for k in keys.indices {
            let range = offsets[k]..<offsets[k + 1]
            var slot = storage.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[range])) } & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(k)
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The number of the key equal to `bytes`, or nil.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(bytes) & mask
        return storage.withUnsafeBufferPointer { store in
            while true {
                let k = table[slot]
                if k < 0 { return nil }
                let start = offsets[Int(k)], end = offsets[Int(k) + 1]
                if end - start == bytes.count {
                    var equal = true
                    for t in 0..<bytes.count where store[start + t] != bytes[t] { equal = false; break }
                    if equal { return k }
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
