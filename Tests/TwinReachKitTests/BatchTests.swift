import Foundation
import Formats
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach batch` and `batch merge` through the real CLI, on copies of the committed samples:
/// two copies of GeoData/synthetic-small (the second with every other kiosk removed),
/// GeoData/andorra and a copy whose sites.geojson is cut off.
@Suite struct BatchTests {
    static let scenario = "name: elderly-skills\nchanges:\n  - digital_adoption: {group: elderly, add: 0.3}\n  - thresholds: {hall: 20, kiosk: 10}\n"
    static let tables = ["batch.csv", "batch_subdistricts.csv", "batch.md", "batch.svg", "batch.json"]

    /// A scratch folder with `d/small-a`, `d/small-b` (fewer kiosks), optionally `d/andorra` and
    /// `d/broken`, and the scenario `s.yaml`.
    static func districts(andorra: Bool, broken: Bool) throws -> URL {
        let root = try Paths.scratch()
        let d = root.appendingPathComponent("d")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        let small = Paths.repo.appendingPathComponent("GeoData/synthetic-small")
        for name in ["small-a", "small-b"] + (broken ? ["broken"] : []) {
            try FileManager.default.copyItem(at: small, to: d.appendingPathComponent(name))
        }
        try dropEveryOtherKiosk(d.appendingPathComponent("small-b/sites.geojson"))
        if broken {
            try "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null\n"
                .write(to: d.appendingPathComponent("broken/sites.geojson"), atomically: true, encoding: .utf8)
        }
        if andorra {
            let target = d.appendingPathComponent("andorra")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let source = Paths.repo.appendingPathComponent("GeoData/andorra")
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name != "twinreach.sqlite" {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        try scenario.write(to: root.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    static func dropEveryOtherKiosk(_ file: URL) throws {
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        var kiosks = 0
        json["features"] = features.filter { f in
            guard (f["properties"] as? [String: Any])?["kind"] as? String == "kiosk" else { return true }
            kiosks += 1
            return kiosks % 2 == 1
        }
        try JSONSerialization.data(withJSONObject: json).write(to: file)
    }

    /// The CSV's rows as column → field maps.
    static func rows(_ file: URL) throws -> [[String: String]] {
        var reader = try CSVReader(path: file.path)
        let header = reader.header
        var rows: [[String: String]] = []
        try reader.forEach { record in
            rows.append(Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, record.string($0)) }))
        }
        return rows
    }

    /// Residents and cells of a district's population.geojson, summed by hand.
    static func populationAndCells(_ folder: URL) throws -> (Double, Int) {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("population.geojson"))) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        let pops = features.compactMap { ($0["properties"] as? [String: Any])?["pop"] as? Double }
        return (pops.reduce(0, +), features.count)
    }

    static func bytes(_ folder: URL, _ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    @Test func batchTableSharedAndMergedWithAFailedRow() throws {
        let root = try Self.districts(andorra: true, broken: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = try Tool.run(["batch", "s.yaml", "--districts", "d/*", "--jobs", "2", "--out", "whole"], cwd: root)
        #expect(whole.status == 65, "\(whole.stderr)")
        #expect(whole.stderr.contains("district d/broken failed: d/broken/sites.geojson:"), "\(whole.stderr)")
        #expect(whole.stdout.contains("batch: 3 of 4 districts ran, 1 failed"))

        let out = root.appendingPathComponent("whole")
        let table = try Self.rows(out.appendingPathComponent("batch.csv"))
        #expect(table.map { $0["district"] ?? "" } == ["d/andorra", "d/broken", "d/small-a", "d/small-b"])
        let byName = Dictionary(uniqueKeysWithValues: table.map { ($0["folder"] ?? "", $0) })
        let broken = try #require(byName["broken"])
        #expect(broken["status"] == "failed" && broken["exit_code"] == "65")
        #expect(broken["error"]?.hasPrefix("d/broken/sites.geojson:2: malformed JSON") == true, "\(broken["error"] ?? "")")
        #expect(broken["population"] == "" && broken["rank_hall_share"] == "")
        for name in ["andorra", "small-a", "small-b"] {
            let row = try #require(byName[name])
            let (pop, cells) = try Self.populationAndCells(root.appendingPathComponent("d/\(name)"))
            #expect(row["status"] == "ok" && row["twinreach_version"] == TwinReachVersion.current)
            #expect(abs((Double(row["population"] ?? "") ?? 0) - pop) < 1e-6, "\(name): \(row["population"] ?? "") vs \(pop)")
            #expect(row["cells"] == String(cells))
            #expect(row["hall_threshold_minutes"] == "20" && row["kiosk_threshold_minutes"] == "10")
            #expect(row["inputs_fnv1a64"]?.count == 16)
        }
        #expect(abs((Double(byName["andorra"]?["population"] ?? "") ?? 0) - 85_101) < 1e-6)
        // Same halls, half the kiosks: hall figures equal, fewer residents near a kiosk, more travel.
        let a = try #require(byName["small-a"]), b = try #require(byName["small-b"])
        #expect(a["hall_within_threshold_share"] == b["hall_within_threshold_share"])
        #expect((Double(a["kiosk_within_threshold_share"] ?? "") ?? 0) > (Double(b["kiosk_within_threshold_share"] ?? "") ?? 1))
        #expect(a["rank_hall_share"] == "1" && b["rank_hall_share"] == "1" && byName["andorra"]?["rank_hall_share"] == "3")
        #expect(a["rank_travel_minutes"] == "2" && b["rank_travel_minutes"] == "3" && byName["andorra"]?["rank_travel_minutes"] == "1")

        try expectRowEqualsOwnRun(root: root, batch: out, row: a)
        let svg = try String(contentsOf: out.appendingPathComponent("batch.svg"), encoding: .utf8)
        #expect(svg.contains(">1. small-a<") && svg.contains(">3. andorra<") && svg.contains("1 failed (not drawn"))

        try expectShardsMergeToWhole(root: root, whole: out)
    }

    /// The batch row and the subdistrict rows of small-a are the figures `twinreach run` writes
    /// for the same changes on that district alone.
    func expectRowEqualsOwnRun(root: URL, batch: URL, row: [String: String]) throws {
        try (Self.scenario + "district: d/small-a\n").write(to: root.appendingPathComponent("alone.yaml"), atomically: true, encoding: .utf8)
        let alone = try Tool.run(["run", "alone.yaml", "--out", "alone", "-q"], cwd: root)
        #expect(alone.status == 0, "\(alone.stderr)")
        let summary = try Self.rows(root.appendingPathComponent("alone/summary.csv"))
        let district = try #require(summary.first)
        for (batchColumn, runColumn) in [("population", "population"), ("hall_minutes_mean", "hall_minutes_mean"),
                                         ("hall_within_threshold_share", "hall_within_threshold_share"),
                                         ("trips_per_resident_year", "trips_per_resident_year"),
                                         ("travel_minutes_per_resident_year", "travel_minutes_per_resident_year"),
                                         ("gap_population", "gap_population"), ("gini_travel", "gini_travel")] {
            #expect(row[batchColumn] == district[runColumn], "\(batchColumn)")
        }
        let parts = try Self.rows(batch.appendingPathComponent("batch_subdistricts.csv")).filter { $0["district"] == "d/small-a" }
        #expect(parts.map { $0["subdistrict"] ?? "" } == summary.dropFirst().map { $0["area_id"] ?? "" })
        for (part, own) in zip(parts, summary.dropFirst()) { #expect(part["gap_population"] == own["gap_population"]) }
    }

    /// Three shards on one thread each, merged, give the whole run's bytes; re-running a shard
    /// rewrites only its folder.
    func expectShardsMergeToWhole(root: URL, whole: URL) throws {
        var placed: [String] = []
        for i in 1...3 {
            let shard = try Tool.run(["batch", "s.yaml", "--districts", "d/*", "--shard", "\(i)/3", "--jobs", "1", "--out", "sh\(i)", "-q"], cwd: root)
            #expect([0, 65].contains(shard.status), "\(shard.stderr)")
            placed += try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("sh\(i)/districts").path)
        }
        #expect(placed.sorted() == ["andorra", "small-a", "small-b"], "each district that ran is in one shard")
        let merged = try Tool.run(["batch", "merge", "sh1", "sh2", "sh3", "--out", "merged"], cwd: root)
        #expect(merged.status == 65, "the merged table has the failed district: \(merged.stderr)")
        for name in Self.tables {
            #expect(try Self.bytes(whole, name) == Self.bytes(root.appendingPathComponent("merged"), name), "\(name)")
        }
        let a = try Self.bytes(whole, "districts/small-a/summary.json")
        let shardOfA = try (1...3).first { try FileManager.default.fileExists(atPath: root.appendingPathComponent("sh\($0)/districts/small-a").path) }
        #expect(try Self.bytes(root.appendingPathComponent("sh\(try #require(shardOfA))"), "districts/small-a/summary.json") == a)

        let before = try [1, 3].map { try Self.bytes(root.appendingPathComponent("sh\($0)"), "batch.json") }
        let again = try Tool.run(["batch", "s.yaml", "--districts", "d/*", "--shard", "2/3", "--out", "sh2", "-q"], cwd: root)
        #expect([0, 65].contains(again.status), "\(again.stderr)")
        #expect(try [1, 3].map { try Self.bytes(root.appendingPathComponent("sh\($0)"), "batch.json") } == before)
    }

    @Test func changesNamingOneDistrictAreRefusedBeforeAnythingRuns() throws {
        let root = try Self.districts(andorra: false, broken: false)
        defer { try? FileManager.default.removeItem(at: root) }
        try """
        name: mixed
        changes:
          - digital_adoption: {group: elderly, add: 0.3}
          - close_site: H-S03
          - modify_site: {id: H-D01, windows: 12}
          - grow_population: {factor: 1.2}
          - optimize: {model: mclp, kind: kiosk, p: 2, radius_minutes: 15, candidates: candidates.geojson}
        """.write(to: root.appendingPathComponent("mixed.yaml"), atomically: true, encoding: .utf8)
        let r = try Tool.run(["batch", "mixed.yaml", "--districts", "d/*", "--out", "o"], cwd: root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("mixed.yaml:4: close_site names site 'H-S03' of one district"), "\(r.stderr)")
        #expect(r.stderr.contains("mixed.yaml:5: modify_site names site 'H-D01' of one district"))
        #expect(r.stderr.contains("mixed.yaml:7: optimize names the candidates file 'candidates.geojson'"))
        #expect(!r.stderr.contains("mixed.yaml:6"), "growth everywhere suits every district")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("o").path))
        let unquoted = try Tool.run(["batch", "s.yaml", "--districts", "d/small-a", "d/small-b"], cwd: root)
        #expect(unquoted.status == 64 && unquoted.stderr.contains("quote the glob"), "\(unquoted.stderr)")
    }

    @Test func mergeRefusesShardsThatDoNotMakeOneBatch() throws {
        let root = try Self.districts(andorra: false, broken: false)
        defer { try? FileManager.default.removeItem(at: root) }
        try "name: other\nchanges:\n  - thresholds: {hall: 25}\n".write(to: root.appendingPathComponent("other.yaml"), atomically: true, encoding: .utf8)
        for (scenario, out) in [("s.yaml", "sh1"), ("s.yaml", "sh2"), ("other.yaml", "other2")] {
            let shard = out.hasSuffix("1") ? "1/2" : "2/2"
            let r = try Tool.run(["batch", scenario, "--districts", "d/*", "--shard", shard, "--out", out, "-q"], cwd: root)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try FileManager.default.copyItem(at: root.appendingPathComponent("sh2"), to: root.appendingPathComponent("newer2"))
        let json = root.appendingPathComponent("newer2/batch.json")
        let text = try String(contentsOf: json, encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\": \"\(TwinReachVersion.current)\"", with: "\"version\": \"9.9.9\"")
            .write(to: json, atomically: true, encoding: .utf8)
        let cases: [([String], Int32, String)] = [
            (["sh1"], 66, "batch merge: shard 2/2 missing: give all 2 shard folders"),
            (["sh1", "sh2", "sh2"], 64, "sh2: is shard 2/2, and so is sh2: give each shard once"),
            (["sh1", "other2"], 65, "other2: ran scenario 'other'"),
            (["sh1", "newer2"], 65, "newer2: was written by twinreach 9.9.9, sh1 by twinreach \(TwinReachVersion.current)"),
            (["sh1", "d"], 66, "d: is not a batch folder: it has no batch.json"),
        ]
        for (shards, status, message) in cases {
            let r = try Tool.run(["batch", "merge"] + shards + ["--out", "m"], cwd: root)
            #expect(r.status == status, "\(shards): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(shards): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("m").path))
        }
        let good = try Tool.run(["batch", "merge", "sh2", "sh1", "--out", "m", "-q"], cwd: root)
        #expect(good.status == 0, "\(good.stderr)")
    }

    /// Largest first to the lightest shard: sizes 10, 7, 5, 3, 1 over two shards go
    /// {10, 3} (13 bytes) and {7, 5, 1} (13 bytes), whatever order the districts come in.
    @Test func shardsAreBalancedByInputSize() {
        let sizes = ["a": 10, "b": 7, "c": 5, "d": 3, "e": 1]
        let districts = sizes.map { BatchDistrict(path: "x/\($0.key)", folder: $0.key, inputBytes: $0.value) }
        for order in [districts, districts.reversed(), districts.sorted { $0.path < $1.path }] {
            #expect(BatchDistricts.shard(order, index: 1, count: 2).map(\.folder) == ["a", "d"])
            #expect(BatchDistricts.shard(order, index: 2, count: 2).map(\.folder) == ["b", "c", "e"])
        }
        // Equal sizes: every district in exactly one of three shards, one each.
        let same = (0..<3).map { BatchDistrict(path: "y/\($0)", folder: "\($0)", inputBytes: 4) }
        let shards = (1...3).map { BatchDistricts.shard(same, index: $0, count: 3).map(\.folder) }
        #expect(shards.allSatisfy { $0.count == 1 } && Set(shards.flatMap { $0 }) == ["0", "1", "2"])
        #expect(shards == (1...3).map { BatchDistricts.shard(same.reversed(), index: $0, count: 3).map(\.folder) })
    }
    /// The chart of 500 districts stays as high as one of 100 and names only the best, the median
    /// and the worst row of each strip; one of 5 names every row.
    @Test func chartReadsAlikeForFiveAndFiveHundredDistricts() throws {
        func result(_ n: Int) -> BatchResult {
            let k = BatchMeasures.districtNames.firstIndex(of: "hall_within_threshold_share") ?? 0
            let rows = (0..<n).map { i -> BatchRow in
                var figures = BatchMeasures.districtNames.map { _ in Optional(0.5) }
                figures[k] = Double(i) / Double(n)
                return BatchRow(district: "g/d\(i)", folder: "d\(i)", name: "", exitCode: 0, error: "", inputsHash: "",
                                figures: figures, subdistricts: [])
            }
            return BatchResult(version: "v", scenario: "s", scenarioHash: "", glob: "g/*", districtsTotal: n, districtsHash: "",
                               shard: nil, rows: rows)
        }
        func height(_ svg: String) -> String? {
            svg.range(of: "height=\"[0-9.]+\"", options: .regularExpression).map { String(svg[$0]) }
        }
        let five = BatchChart.svg(result(5)), hundred = BatchChart.svg(result(100)), many = BatchChart.svg(result(500))
        #expect(five.components(separatedBy: "<circle").count - 1 == 20)
        #expect(five.components(separatedBy: ". d").count - 1 == 20, "every row of the four strips named")
        #expect(many.components(separatedBy: "<circle").count - 1 == 2000)
        #expect(many.components(separatedBy: ". d").count - 1 == 12, "best, median and worst of four strips")
        #expect(many.contains(">1. d499<") && many.contains(">251. d249<") && many.contains(">500. d0<"))
        #expect(height(many) != nil && height(many) == height(hundred))
    }
}
