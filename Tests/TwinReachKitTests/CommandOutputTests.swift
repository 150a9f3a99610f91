import Formats
import Foundation
import Model
import Testing
import TestSupport

/// What `generate`, `osm-district` and `compare` (folders) and `measure`, `optimize` and `grid`
/// (single files) may replace, and what they refuse with exit 73 and the reason; through the
/// real CLI, checking that what was refused is left byte for byte.
@Suite struct CommandOutputTests {
    func snapshot(_ folder: URL) throws -> [String: Data] { try OutputFolderTests().snapshot(folder) }

    func expectRefused(_ result: ToolResult, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 73, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    func generate(_ out: String, seed: Int = 1, cwd: URL) throws -> ToolResult {
        try Tool.run(["generate", "--out", out, "--seed", "\(seed)", "--cells-x", "3", "--cells-y", "3"], cwd: cwd)
    }

    /// Whether anything but `names` is in the folder (a staging or old folder left beside).
    func entries(_ folder: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    @Test func generateRefusesWhatItDidNotWrite() throws {
        let scenario = try generatedScenario(cellsX: 3, cellsY: 3, seed: 1, name: "base")
        let root = scenario.deletingLastPathComponent()
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try "my notes\n".write(to: root.appendingPathComponent("mine/notes.txt"), atomically: true, encoding: .utf8)
        try fm.createDirectory(at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "mine")
        let before = try snapshot(root)
        let fix = "; choose an empty or new folder for --out"
        // A district written by hand (here: without generate's marker) is never replaced.
        expectRefused(try generate("district", cwd: root),
                      "district: holds a district (district.yaml) that generate did not write (it has no .twinreach-generate marker), which generate would replace\(fix)")
        expectRefused(try generate(".", cwd: root), ".: is the current folder, which generate would replace\(fix)")
        expectRefused(try generate("..", cwd: root.appendingPathComponent("work")), "..: holds the current folder, which generate would replace\(fix)")
        expectRefused(try generate("base.yaml", cwd: root), "base.yaml: is a file, not a folder: generate writes a folder of files and would replace it\(fix)")
        expectRefused(try generate("link", cwd: root), "link: is a symbolic link, which generate would replace\(fix)")
        expectRefused(try generate("mine", cwd: root),
                      "mine: is not empty and is not a folder twinreach generate wrote (it has no .twinreach-generate marker): found notes.txt\(fix)")
        #expect(try snapshot(root) == before)
        #expect(try entries(root) == ["base.yaml", "district", "link", "mine", "work"])
    }

    /// A folder generate wrote (its marker lists its files) is regenerated in place, an empty one
    /// filled; a file of the user's beside the district stops it; `run` still will not replace it.
    @Test func generateReplacesItsOwnDistrict() throws {
        let root = try Paths.scratch()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("g"), withIntermediateDirectories: true)
        #expect(try generate("g", seed: 1, cwd: root).status == 0)
        let g = root.appendingPathComponent("g")
        let first = try snapshot(g)
        #expect(first["/.twinreach-generate"].map { String(decoding: $0, as: UTF8.self) } == """
            twinreach generate 1
            files: district.yaml boundary.geojson subdistricts.geojson population.geojson sites.geojson candidates.geojson channels.yaml services.csv roads.osm

            """)
        let again = try generate("g", seed: 2, cwd: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try snapshot(g) != first)
        #expect(try generate("g", seed: 1, cwd: root).status == 0)
        #expect(try snapshot(g) == first)
        #expect(try entries(root) == ["g"])

        try "beside\n".write(to: g.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let kept = try snapshot(g)
        expectRefused(try generate("g", cwd: root), "g: holds files generate did not write: notes.txt; move them away, or choose an empty or new folder for --out")
        expectRefused(try Tool.run(["osm-district", "x.osm", "--totals", "t.csv", "--out", "g"], cwd: root),
                      "g: holds a district (district.yaml) that osm-district did not write (it has no .twinreach-osm-district marker)")
        try "name: base\ndistrict: g\n".write(to: root.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: g, to: root.appendingPathComponent("copy"))
        expectRefused(try Tool.run(["run", "base.yaml", "-q", "--out", "copy"], cwd: root),
                      "copy: holds a district (district.yaml), which a run would replace")
        #expect(try snapshot(g) == kept)
    }

    /// The committed synthetic sample, marker included, is what generate writes into a new
    /// folder (as scripts/build-andorra.sh makes it), so generate rebuilds it in place (a copy
    /// here), byte for byte as committed.
    @Test func generateRebuildsTheSyntheticSampleInPlace() throws {
        let root = try Paths.scratch()
        let copy = root.appendingPathComponent("synthetic-small")
        try FileManager.default.copyItem(at: Paths.repo.appendingPathComponent("GeoData/synthetic-small"), to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("twinreach.sqlite"))
        let committed = try snapshot(copy)
        for out in ["fresh", "synthetic-small"] {
            let result = try Tool.run(["generate", "--out", out, "--seed", "7", "--cells-x", "20", "--cells-y", "20"], cwd: root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try snapshot(root.appendingPathComponent(out)) == committed, "\(out)")
        }
    }

    /// osm-district checks its folder before reading anything: a hand-written district, a
    /// folder holding its extract, are refused.
    @Test func osmDistrictRefusesWhatItDidNotWrite() throws {
        let scenario = try generatedScenario(cellsX: 3, cellsY: 3, seed: 1, name: "base")
        let root = scenario.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "<osm/>\n".write(to: root.appendingPathComponent("data/x.osm"), atomically: true, encoding: .utf8)
        try "id,pop\n".write(to: root.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let before = try snapshot(root)
        func build(_ out: String) throws -> ToolResult {
            try Tool.run(["osm-district", "data/x.osm", "--totals", "t.csv", "--out", out], cwd: root)
        }
        expectRefused(try build("district"), "district: holds a district (district.yaml) that osm-district did not write")
        expectRefused(try build("data"), "data: holds the extract data/x.osm, which osm-district would replace; choose an empty or new folder for --out")
        expectRefused(try build("t.csv"), "t.csv: is a file, not a folder")
        #expect(try snapshot(root) == before)
    }

    /// An osm-district folder is rebuilt in place (the Andorra extract, as scripts/build-andorra.sh).
    @Test func osmDistrictReplacesItsOwnDistrict() throws {
        guard let extract = try Paths.sharedFile("data/andorra-2025-01-19.osm.pbf") else { return }
        let root = try Paths.scratch()
        try "notes\n".write(to: root.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let totals = Paths.repo.appendingPathComponent("scripts/data/andorra-parishes-2023.csv").path
        func build() throws -> ToolResult {
            try Tool.run(["osm-district", extract.path, "--totals", totals, "--out", "andorra", "--simplify-roads-meters", "3"], cwd: root)
        }
        let first = try build()
        #expect(first.status == 0, "\(first.stderr)")
        let built = try snapshot(root.appendingPathComponent("andorra"))
        #expect(built["/.twinreach-osm-district"].map { String(decoding: $0, as: UTF8.self) } == """
            twinreach osm-district 1
            files: district.yaml boundary.geojson subdistricts.geojson population.geojson sites.geojson channels.yaml services.csv roads.osm

            """)
        let second = try build()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try snapshot(root.appendingPathComponent("andorra")) == built)
        #expect(try entries(root) == ["andorra", "notes.txt"])
    }

    /// compare writes its folder only new, empty or its own: not over a run, a district or a
    /// folder of the user's.
    @Test func compareReplacesOnlyItsOwnFolder() throws {
        let scenario = try generatedScenario(cellsX: 4, cellsY: 3, seed: 2, name: "base")
        let root = scenario.deletingLastPathComponent()
        for out in ["a", "b"] {
            let ran = try Tool.run(["run", "base.yaml", "-q", "--out", out], cwd: root)
            #expect(ran.status == 0, "\(ran.stderr)")
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try "notes\n".write(to: root.appendingPathComponent("mine/notes.txt"), atomically: true, encoding: .utf8)
        func compare(_ out: String?) throws -> ToolResult {
            try Tool.run(["compare", "a", "b"] + (out.map { ["--out", $0] } ?? []), cwd: root)
        }
        let before = try snapshot(root)
        let fix = "; choose an empty or new folder for --out (default: compare-<A>-vs-<B> beside run B)"
        expectRefused(try compare("b"), "b: is the run folder b, which compare would replace\(fix)")
        expectRefused(try compare("district"), "district: holds a district (district.yaml), which compare would replace\(fix)")
        expectRefused(try compare("mine"), "mine: is not empty and is not a folder twinreach compare wrote (it has no .twinreach-compare marker): found notes.txt")
        expectRefused(try compare("."), ".: is the current folder, which compare would replace")
        #expect(try snapshot(root) == before)

        for _ in 0..<2 {
            let result = try compare("c")
            #expect(result.status == 0, "\(result.stderr)")
            let defaulted = try compare(nil)
            #expect(defaulted.status == 0, "\(defaulted.stderr)")
        }
        #expect(try entries(root.appendingPathComponent("c")) == [".twinreach-compare", "compare.csv", "compare.md", "gap_changes.geojson"])
        #expect(try entries(root) == ["a", "b", "base.yaml", "c", "compare-base-vs-base", "district", "mine"])
        // A run will not replace compare's folder either.
        expectRefused(try Tool.run(["run", "base.yaml", "-q", "--out", "c"], cwd: root),
                      "c: is not empty and is not a folder twinreach run wrote (it has no .twinreach-run marker)")
    }

    // MARK: single files

    /// The small optimize case (pop.csv, m.csv, candidates.csv) with a supply file for measure.
    func tables() throws -> URL {
        let dir = try OptimizeEdgeTests().folder()
        try "id,capacity\ns,10\nt,5\n".write(to: dir.appendingPathComponent("supply.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    func measure(_ output: String, in dir: URL) throws -> ToolResult {
        try Tool.run(["measure", "--population", "pop.csv", "--supply", "supply.csv", "--matrix", "m.csv",
                      "--measure", "2sfca", "--max-minutes", "30", "--output", output], cwd: dir)
    }

    func optimize(_ output: String, in dir: URL) throws -> ToolResult {
        try Tool.run(["optimize", "--population", "pop.csv", "--matrix", "m.csv", "--candidates", "candidates.csv",
                      "--model", "pmedian", "--p", "1", "--output", output], cwd: dir)
    }

    @Test func measureReplacesOnlyItsOwnCSV() throws {
        let dir = try tables()
        try "id,pop\na,1\n".write(to: dir.appendingPathComponent("mine.csv"), atomically: true, encoding: .utf8)
        let before = try snapshot(dir)
        let fix = "choose another --output path"
        expectRefused(try measure("pop.csv", in: dir), "pop.csv: is the population file, which measure would replace; \(fix)")
        expectRefused(try measure("m.csv", in: dir), "m.csv: is the matrix file, which measure would replace")
        expectRefused(try measure("mine.csv", in: dir),
                      "mine.csv: exists and is not a file twinreach measure wrote (its first line is not id,value); measure replaces only its own output: move it away, or \(fix)")
        expectRefused(try measure("new/out.csv", in: dir), "new/out.csv: its folder \(dir.path)/new does not exist; create it, or \(fix)")
        #expect(try snapshot(dir) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new").path))

        #expect(try measure("out.csv", in: dir).status == 0)
        let first = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(first.hasPrefix("id,value\n"))
        let again = try measure("out.csv", in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8) == first)
    }

    @Test func optimizeReplacesOnlyItsOwnJSON() throws {
        let dir = try tables()
        try "{\"model\": \"mine\"}\n".write(to: dir.appendingPathComponent("mine.json"), atomically: true, encoding: .utf8)
        let before = try snapshot(dir)
        let fix = "choose another --output path"
        expectRefused(try optimize("candidates.csv", in: dir), "candidates.csv: is the candidates file, which optimize would replace; \(fix)")
        expectRefused(try optimize("mine.json", in: dir),
                      "mine.json: exists and is not a file twinreach optimize wrote (it does not begin with \"written_by\": \"twinreach optimize\"); optimize replaces only its own output")
        // The same rule as measure: a missing folder is refused (exit 73, was 74), not created.
        expectRefused(try optimize("new/r.json", in: dir), "new/r.json: its folder \(dir.path)/new does not exist; create it, or \(fix)")
        #expect(try snapshot(dir) == before)

        #expect(try optimize("r.json", in: dir).status == 0)
        let first = try String(contentsOf: dir.appendingPathComponent("r.json"), encoding: .utf8)
        #expect(first.hasPrefix("{\n  \"written_by\": \"twinreach optimize\",\n  \"model\": \"pmedian\","), "\(first)")
        let again = try optimize("r.json", in: dir)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func gridReplacesOnlyItsOwnGeoJSON() throws {
        let (dir, _, _) = try GridTests().fixture()
        try "{\"type\":\"FeatureCollection\",\"features\":[]}\n".write(to: dir.appendingPathComponent("population.geojson"), atomically: true, encoding: .utf8)
        func grid(_ out: String) throws -> ToolResult {
            try Tool.run(["grid", "--osm", "town.osm", "--subdistricts", "subdistricts.geojson", "--out", out], cwd: dir)
        }
        let before = try snapshot(dir)
        expectRefused(try grid("subdistricts.geojson"), "subdistricts.geojson: is the subdistricts file, which grid would replace; choose another --out path")
        expectRefused(try grid("population.geojson"),
                      "population.geojson: exists and is not a file twinreach grid wrote (its FeatureCollection has no \"twinreach\": \"grid\" member)")
        expectRefused(try grid("new/p.geojson"), "new/p.geojson: its folder \(dir.path)/new does not exist; create it, or choose another --out path")
        #expect(try snapshot(dir) == before)

        #expect(try grid("p.geojson").status == 0)
        let first = try String(contentsOf: dir.appendingPathComponent("p.geojson"), encoding: .utf8)
        #expect(first.hasPrefix("{\"type\":\"FeatureCollection\",\"twinreach\":\"grid\",\"features\":[\n"))
        let again = try grid("p.geojson")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("p.geojson"), encoding: .utf8) == first)
        // The marked file is still a GeoJSON layer the readers take (a foreign member, RFC 7946 §6.1).
        var problems: [InputError] = []
        let features = try GeoJSONReader.read(path: dir.appendingPathComponent("p.geojson").path, problems: &problems)
        #expect(problems.isEmpty && !features.isEmpty, "\(problems)")
    }
}
