import Foundation
import Model
import OSMReader
import RoadGraphs
import Testing
import TestSupport
@testable import TwinReachKit

/// `run` takes its road graph from the store `import` wrote while the store is current by its
/// input hashes, and from the OSM file otherwise; the outputs are the same bytes either way.
@Suite(.serialized) struct StoreRunTests {
    /// Counts the OSM files parsed for road ways (the run's only way to read roads.osm).
    final class ParseLog: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String] = []
        var count: Int { lock.lock(); defer { lock.unlock() }; return paths.count }
        func record(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }
    }

    func run(_ scenario: URL, out: String, log: ParseLog) throws -> RunOutcome {
        var options = RunOptions(scenarioPath: scenario.path, outPath: scenario.deletingLastPathComponent().appendingPathComponent(out).path)
        options.roadGraphs = RoadGraphSource { path, settings in
            log.record(path)
            return try RoadWays.read(osmPath: path, settings: settings)
        }
        return try RunCommand.run(options)
    }

    /// Every output file of two runs, byte for byte.
    func expectSameOutputs(_ a: String, _ b: String, _ root: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(a).path).sorted()
        #expect(names.contains("summary.json") && names.contains("cells.geojson"))
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(b).path).sorted()))
        for name in names {
            let x = try Data(contentsOf: root.appendingPathComponent(a).appendingPathComponent(name))
            let y = try Data(contentsOf: root.appendingPathComponent(b).appendingPathComponent(name))
            #expect(x == y, "\(name) differs between the store's graph and the OSM graph")
        }
    }

    /// The pipeline on one district folder: no store (OSM), import, current store (no OSM
    /// parse, same bytes), an edited input (OSM again, named), re-import (store again).
    func pipeline(_ scenario: URL, district: URL) throws {
        let root = scenario.deletingLastPathComponent()
        let log = ParseLog()
        let absent = try run(scenario, out: "absent", log: log)
        #expect(absent.roadGraph == .osm(file: "roads.osm", why: "absent"))
        #expect(log.count == 1)

        _ = try ImportCommand.run(district: district.path)
        let stored = try run(scenario, out: "stored", log: log)
        #expect(stored.roadGraph == .store(path: district.appendingPathComponent("twinreach.sqlite").path))
        #expect(log.count == 1, "roads.osm was parsed although the store is current")
        try expectSameOutputs("absent", "stored", root)

        // An edited input (a comment appended to the roads) makes the run build from OSM again.
        let roads = district.appendingPathComponent("roads.osm")
        let handle = try FileHandle(forWritingTo: roads)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("<!-- edited -->\n".utf8))
        try handle.close()
        let stale = try run(scenario, out: "stale", log: log)
        #expect(stale.roadGraph == .osm(file: "roads.osm", why: "stale: roads.osm changed"))
        #expect(log.count == 2)
        try expectSameOutputs("absent", "stale", root)

        _ = try ImportCommand.run(district: district.path)
        let again = try run(scenario, out: "again", log: log)
        #expect(again.roadGraph == .store(path: district.appendingPathComponent("twinreach.sqlite").path))
        #expect(log.count == 2)
    }

    @Test func generatedDistrict() throws {
        let scenario = try generatedScenario(cellsX: 12, cellsY: 10, seed: 7, name: "baseline")
        try pipeline(scenario, district: scenario.deletingLastPathComponent().appendingPathComponent("district"))
    }

    /// GeoData/andorra copied to a scratch folder (the store goes beside its inputs): real
    /// OSM roads, one-way streets and dropped components, walking.
    @Test func andorra() throws {
        let root = try Paths.scratch()
        let district = root.appendingPathComponent("andorra")
        try FileManager.default.copyItem(at: Paths.repo.appendingPathComponent("GeoData/andorra"), to: district)
        // The README's setup imports GeoData/andorra, which leaves its store there: start without it.
        try? FileManager.default.removeItem(at: district.appendingPathComponent("twinreach.sqlite"))
        let scenario = root.appendingPathComponent("andorra-baseline.yaml")
        try "name: andorra-baseline\ndistrict: andorra\n".write(to: scenario, atomically: true, encoding: .utf8)
        try pipeline(scenario, district: district)
    }

    /// A district that is changed after import in another input than the roads: the run
    /// names that file.
    @Test func districtYAMLEditMakesItRebuild() throws {
        let scenario = try generatedScenario(cellsX: 6, cellsY: 5, seed: 3, name: "baseline")
        let district = scenario.deletingLastPathComponent().appendingPathComponent("district")
        _ = try ImportCommand.run(district: district.path)
        let yaml = district.appendingPathComponent("district.yaml")
        try (String(contentsOf: yaml, encoding: .utf8) + "# edited\n").write(to: yaml, atomically: true, encoding: .utf8)
        let log = ParseLog()
        #expect(try run(scenario, out: "o", log: log).roadGraph == .osm(file: "roads.osm", why: "stale: district.yaml changed"))
        #expect(log.count == 1)
    }
}
