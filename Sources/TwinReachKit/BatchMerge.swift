import Foundation
import Model

extension BatchCommand {
    /// `twinreach batch merge`: joins shard folders (their `batch.json`) into the tables and the
    /// chart one unsharded batch writes, byte for byte. Refused: shards of different versions,
    /// scenarios or sets of districts, a shard given twice, a missing shard, a district in two.
    public static func merge(_ shardFolders: [String], out: String) throws -> BatchOutcome {
        guard !shardFolders.isEmpty else { throw InputError(.usage, file: "batch merge", .file, "give the shard folders to merge") }
        let shards = try shardFolders.map { (folder: $0, result: try BatchJSON.read(folder: $0)) }
        try requireSameBatch(shards)
        try requireEveryShardOnce(shards)
        let rows = try rowsOnce(shards)
        let first = shards[0].result
        let merged = BatchResult(version: first.version, scenario: first.scenario, scenarioHash: first.scenarioHash, glob: first.glob,
                                 districtsTotal: first.districtsTotal, districtsHash: first.districtsHash, shard: nil, rows: rows)
        let inputs: [OutputFolder.Input] = shardFolders.map { ("the shard folder", $0) }
        try OutputFolder.batch.prepare(out, inputs: inputs)
        try OutputFolder.batch.write(to: out, inputs: inputs, details: ["scenario: \(merged.scenario)"]) { staging in
            try BatchFiles.write(merged, to: staging)
        }
        return BatchOutcome(outPath: out, districts: rows.count, failures: merged.failed.map { ($0.district, $0.error) })
    }

    typealias Shard = (folder: String, result: BatchResult)

    /// Every shard ran the same version, scenario and districts as the first.
    static func requireSameBatch(_ shards: [Shard]) throws {
        let (firstFolder, first) = shards[0]
        for (folder, s) in shards.dropFirst() {
            func refuse(_ what: String) -> InputError {
                InputError(.badData, file: folder, .file, "\(what); shards merge only when one version ran one scenario on one set of districts")
            }
            if s.version != first.version {
                throw refuse("was written by twinreach \(s.version), \(firstFolder) by twinreach \(first.version)")
            }
            if s.scenario != first.scenario || s.scenarioHash != first.scenarioHash {
                throw refuse("ran scenario '\(s.scenario)' (file hash \(s.scenarioHash)), \(firstFolder) ran '\(first.scenario)' (file hash \(first.scenarioHash))")
            }
            if s.glob != first.glob || s.districtsTotal != first.districtsTotal || s.districtsHash != first.districtsHash {
                throw refuse("ran over '\(s.glob)' (\(s.districtsTotal) districts, hash \(s.districtsHash)), \(firstFolder) over '\(first.glob)' (\(first.districtsTotal) districts, hash \(first.districtsHash))")
            }
        }
    }

    /// Shards 1...N each given once (a whole batch counts as shard 1/1).
    static func requireEveryShardOnce(_ shards: [Shard]) throws {
        var byIndex: [Int: String] = [:]
        var count: Int?
        for (folder, s) in shards {
            let text = s.shard ?? "1/1"
            guard let (i, n) = try? BatchDistricts.parseShard(text) else {
                throw InputError(.badData, file: (folder as NSString).appendingPathComponent("batch.json"), .file, "\"shard\" '\(text)' is not I/N")
            }
            if let count, count != n {
                throw InputError(.badData, file: folder, .file, "is shard \(text), but \(shards[0].folder) is one of \(count) shards: shards of one cut (the same N) merge")
            }
            count = n
            if let earlier = byIndex[i] {
                throw InputError(.usage, file: folder, .file, "is shard \(text), and so is \(earlier): give each shard once")
            }
            byIndex[i] = folder
        }
        let n = count ?? 1
        let missing = (1...n).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let names = missing.prefix(10).map { "\($0)/\(n)" }.joined(separator: ", ") + (missing.count > 10 ? " and \(missing.count - 10) more" : "")
            throw InputError(.missingInput, file: "batch merge", .file, "shard \(names) missing: give all \(n) shard folders")
        }
    }

    /// The shards' rows in table order; a district in two shards, or one in none, is refused.
    static func rowsOnce(_ shards: [Shard]) throws -> [BatchRow] {
        var seen: [String: String] = [:]
        var rows: [BatchRow] = []
        for (folder, s) in shards {
            for row in s.rows {
                if let earlier = seen[row.district] {
                    throw InputError(.badData, file: folder, .file, "holds district \(row.district), and so does \(earlier): shards of one cut share no district")
                }
                seen[row.district] = folder
                rows.append(row)
            }
        }
        let total = shards[0].result.districtsTotal
        guard rows.count == total else {
            throw InputError(.badData, file: "batch merge", .file, "the shards hold \(rows.count) districts, the batch found \(total): a shard folder is incomplete")
        }
        return rows.sorted { BatchDistricts.byteOrder($0.district, $1.district) }
    }
}
