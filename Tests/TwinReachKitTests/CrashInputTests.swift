import Foundation
import Model
import Testing
import TestSupport

/// The inputs of issue 10 section 3 that trapped (exit 132) before: each now exits 65 (bad data)
/// or 64 (usage) through the real CLI, with the file and the feature or line, and leaves no
/// output behind.
@Suite struct CrashInputTests {
    /// A generated district with roads and a scenario beside it.
    func scenario() throws -> (scenario: URL, district: URL) {
        let file = try generatedScenario(cellsX: 5, cellsY: 4, seed: 3, name: "base")
        return (file, file.deletingLastPathComponent().appendingPathComponent("district"))
    }

    func replace(_ folder: URL, _ name: String, _ old: String, _ new: String, all: Bool = false) throws {
        let url = folder.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(name) lacks \(old)")
        let changed = all ? text.replacingOccurrences(of: old, with: new) : text.replacingCharacters(in: range, with: new)
        try changed.write(to: url, atomically: true, encoding: .utf8)
    }

    /// `check`, `import` and `run` on the same broken district: each exits `status` with `message`.
    func expectEveryCommandRefuses(_ s: (scenario: URL, district: URL), status: Int32, _ message: String) throws {
        let store = s.scenario.deletingLastPathComponent().appendingPathComponent("store.sqlite")
        let out = s.scenario.deletingLastPathComponent().appendingPathComponent("out")
        let runs: [(String, [String])] = [
            ("check", ["check", s.district.path]),
            ("import", ["import", s.district.path, "--store", store.path]),
            ("run", ["run", s.scenario.path, "--out", out.path, "--quiet"]),
        ]
        for (name, arguments) in runs {
            let result = try Tool.run(arguments)
            #expect(result.status == status, "\(name): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: store.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: ["1e308", "9223372036854775807"])
    func hugeWindowsAreBadData(_ windows: String) throws {
        let s = try scenario()
        let text = try String(contentsOf: s.district.appendingPathComponent("sites.geojson"), encoding: .utf8)
        let old = try #require(text.firstMatch(of: /"windows":\d+/)).output
        try replace(s.district, "sites.geojson", String(old), "\"windows\":\(windows)")
        let shown = windows == "1e308" ? "1e+308" : "9.223372036854776e+18"  // JSON numbers are doubles
        try expectEveryCommandRefuses(s, status: 65, "sites.geojson: feature 0 (id H-D01): windows is \(shown); at most 10000 per site")
    }

    @Test(arguments: [("lat", "nan", "latitude nan is not a number within -90..90"),
                      ("lat", "-91", "latitude -91.0 is not a number within -90..90"),
                      ("lon", "180.0001", "longitude 180.0001 is not a number within -180..180")])
    func roadNodeOffTheEarthIsBadData(_ attribute: String, _ value: String, _ message: String) throws {
        let s = try scenario()
        let text = try String(contentsOf: s.district.appendingPathComponent("roads.osm"), encoding: .utf8)
        let match = try #require(text.firstMatch(of: /<node id="(\d+)" lat="([^"]*)" lon="([^"]*)"/))
        let node = match.output.1
        let lat = attribute == "lat" ? value : String(match.output.2), lon = attribute == "lon" ? value : String(match.output.3)
        try replace(s.district, "roads.osm", String(match.output.0), "<node id=\"\(node)\" lat=\"\(lat)\" lon=\"\(lon)\"")
        try expectEveryCommandRefuses(s, status: 65, "roads.osm: node \(node): \(message)")
    }

    @Test func randomBytesAsRoadsFailCheck() throws {
        let s = try scenario()
        var generator = SeededGenerator(seed: 20261202)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: s.district.appendingPathComponent("roads.osm"))
        let result = try Tool.run(["check", s.district.path])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        // Refused before readosm sees it (OSMXMLCheck): random bytes have no <osm> root element
        // (or, where a '<' and a letter meet, a root element of another name).
        #expect(result.stderr.contains("roads.osm:") && result.stderr.contains(": not OpenStreetMap XML: "), "\(result.stderr)")
        #expect(result.stderr.contains(": no <osm>") || result.stderr.contains(", not <osm>"), "\(result.stderr)")
    }

    @Test func checkReadsTheTravelMatrix() throws {
        let s = try scenario()
        let population = try String(contentsOf: s.district.appendingPathComponent("population.geojson"), encoding: .utf8)
        let cell = try #require(population.firstMatch(of: /"id":"([^"]+)"/)).output.1
        let matrix = s.district.appendingPathComponent("travel_matrix.csv")
        try "origin,destination,minutes\n\(cell),H-D01,12\n\(cell),H-S01,1e400\n".write(to: matrix, atomically: true, encoding: .utf8)
        let result = try Tool.run(["check", s.district.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("travel_matrix.csv:3: minutes '1e400' is not finite"), "\(result.stderr)")
        try "origin,destination,minutes\n\(cell),H-D01,12\n".write(to: matrix, atomically: true, encoding: .utf8)
        let good = try Tool.run(["check", s.district.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("travel matrix: travel_matrix.csv (1 pairs from cells)"), "\(good.stdout)")
        #expect(good.stdout.contains("usable by walk"), "\(good.stdout)")
    }

    /// A cell of 1e19 residents used to pass every reader and trap while printing the console
    /// summary after every output had been written.
    @Test func populationAboveTheBoundIsBadData() throws {
        let s = try scenario()
        let text = try String(contentsOf: s.district.appendingPathComponent("population.geojson"), encoding: .utf8)
        let match = try #require(text.firstMatch(of: /"id":"([^"]+)","pop":([0-9.e+]+)/))
        try replace(s.district, "population.geojson", String(match.output.0), "\"id\":\"\(match.output.1)\",\"pop\":1e19")
        try expectEveryCommandRefuses(s, status: 65,
                                      "population.geojson: feature 0 (id \(match.output.1)): pop is 1e+19; at most 1e10 residents in one cell (more than everyone alive)")
    }

    /// The bound is not a refusal of real data: a cell with 9.9e9 residents still runs.
    @Test func populationJustBelowTheBoundRuns() throws {
        let s = try scenario()
        let text = try String(contentsOf: s.district.appendingPathComponent("population.geojson"), encoding: .utf8)
        let match = try #require(text.firstMatch(of: /"id":"([^"]+)","pop":([0-9.e+]+)/))
        try replace(s.district, "population.geojson", String(match.output.0), "\"id\":\"\(match.output.1)\",\"pop\":9.9e9")
        let out = s.scenario.deletingLastPathComponent().appendingPathComponent("out")
        let result = try Tool.run(["run", s.scenario.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("base: 9900"), "\(result.stdout)")
    }

    /// Infinite minutes in a district's travel_matrix.csv: exit 65 with the line (was 70,
    /// "internal error", no file).
    @Test(arguments: ["inf", "Infinity", "1e400"])
    func infiniteMatrixMinutesInARun(_ value: String) throws {
        let s = try scenario()
        let population = try String(contentsOf: s.district.appendingPathComponent("population.geojson"), encoding: .utf8)
        let cell = try #require(population.firstMatch(of: /"id":"([^"]+)"/)).output.1
        try "origin,destination,minutes\n\(cell),H-D01,12\n\(cell),H-S01,\(value)\n"
            .write(to: s.district.appendingPathComponent("travel_matrix.csv"), atomically: true, encoding: .utf8)
        let out = s.scenario.deletingLastPathComponent().appendingPathComponent("out")
        let result = try Tool.run(["run", s.scenario.path, "--out", out.path, "--quiet"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("travel_matrix.csv:3: minutes '\(value)' is not finite"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// `measure` and `optimize` read the same CSVs: the same bad value gets the same message and code.
@Suite struct MeasureOptimizeAgreeTests {
    func folder() throws -> URL {
        let dir = try Paths.scratch()
        try "id,pop\na,100\nb,200\n".write(to: dir.appendingPathComponent("pop.csv"), atomically: true, encoding: .utf8)
        try "id,capacity\ns,10\nt,5\n".write(to: dir.appendingPathComponent("supply.csv"), atomically: true, encoding: .utf8)
        try "id\ns\nt\n".write(to: dir.appendingPathComponent("candidates.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    func both(_ dir: URL) throws -> (measure: ToolResult, optimize: ToolResult) {
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let measure = try Tool.run(["measure", "--population", path("pop.csv"), "--supply", path("supply.csv"), "--matrix", path("m.csv"),
                                    "--measure", "2sfca", "--max-minutes", "30", "--output", path("measure.csv")])
        let optimize = try Tool.run(["optimize", "--population", path("pop.csv"), "--matrix", path("m.csv"),
                                     "--candidates", path("candidates.csv"), "--model", "pmedian", "--p", "1", "--output", path("result.json")])
        return (measure, optimize)
    }

    @Test(arguments: [("inf", "minutes 'inf' is not finite"), ("Infinity", "minutes 'Infinity' is not finite"),
                      ("1e400", "minutes '1e400' is not finite"), ("nan", "minutes 'nan' is not a number"),
                      ("-2", "minutes -2 is negative"), ("", "minutes is empty")])
    func badMinutes(_ value: String, _ message: String) throws {
        let dir = try folder()
        try "origin,destination,minutes\na,s,5\nb,s,\(value)\na,t,4\nb,t,6\n"
            .write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let (measure, optimize) = try both(dir)
        let expected = "\(dir.appendingPathComponent("m.csv").path):3: \(message)"
        for (name, result) in [("measure", measure), ("optimize", optimize)] {
            #expect(result.status == 65, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("measure.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("result.json").path))
    }

    @Test func populationAboveTheBound() throws {
        let dir = try folder()
        try "id,pop\na,100\nb,2e10\n".write(to: dir.appendingPathComponent("pop.csv"), atomically: true, encoding: .utf8)
        try "origin,destination,minutes\na,s,5\nb,s,7\n".write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let (measure, optimize) = try both(dir)
        let expected = "\(dir.appendingPathComponent("pop.csv").path):3: pop is 20000000000; at most 1e10 residents in one cell"
        for (name, result) in [("measure", measure), ("optimize", optimize)] {
            #expect(result.status == 65, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        }
    }
}

/// `optimize` edge values: a one-character output path, p = 0 with nothing open.
@Suite struct OptimizeEdgeTests {
    func folder() throws -> URL {
        let dir = try Paths.scratch()
        try "id,pop\na,100\nb,200\n".write(to: dir.appendingPathComponent("pop.csv"), atomically: true, encoding: .utf8)
        try "id\ns\nt\n".write(to: dir.appendingPathComponent("candidates.csv"), atomically: true, encoding: .utf8)
        try "id\nt\n".write(to: dir.appendingPathComponent("fixed.csv"), atomically: true, encoding: .utf8)
        try "origin,destination,minutes\na,s,5\nb,s,7\na,t,3\nb,t,9\n".write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    func optimize(_ dir: URL, _ extra: [String], output: String = "result.json") throws -> ToolResult {
        try Tool.run(["optimize", "--population", "pop.csv", "--matrix", "m.csv", "--candidates", "candidates.csv",
                      "--output", output] + extra, cwd: dir)
    }

    /// Traps inside Foundation (NSString.deletingLastPathComponent) before.
    @Test(arguments: ["x", "é", "-"])
    func oneCharacterOutputPath(_ name: String) throws {
        let dir = try folder()
        let result = try optimize(dir, ["--model", "pmedian", "--p", "1"], output: name)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        // s: 100 × 5 + 200 × 7 = 1900 resident-minutes; t: 100 × 3 + 200 × 9 = 2100.
        #expect(json.contains("\"selected\": [\"s\"]") && json.contains("\"objective\": 1900.0"), "\(json)")
    }

    @Test(arguments: [["--model", "pmedian", "--p", "0"], ["--model", "pmedian", "--p", "0", "--exact"],
                      ["--model", "pcenter", "--p", "0"], ["--model", "pcenter", "--p", "0", "--exact"]])
    func zeroSitesWithNothingFixedIsUsage(_ arguments: [String]) throws {
        let dir = try folder()
        let result = try optimize(dir, arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--p: 0 new sites and no fixed site: nothing would be open"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("result.json").path))
    }

    /// p = 0 beside fixed sites evaluates them; MCLP with p = 0 covers nobody (objective 0).
    @Test func zeroSitesIsFineWhenSomethingIsOpen() throws {
        let dir = try folder()
        let fixed = try optimize(dir, ["--model", "pmedian", "--p", "0", "--fixed", "fixed.csv", "--exact"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        // a: 3 min to t, b: 9 min: 100 × 3 + 200 × 9.
        #expect(try String(contentsOf: dir.appendingPathComponent("result.json"), encoding: .utf8).contains("\"objective\": 2100.0"))
        let mclp = try optimize(dir, ["--model", "mclp", "--p", "0", "--radius-minutes", "5"])
        #expect(mclp.status == 0, "\(mclp.stderr)")
    }

    @Test(arguments: [(["--model", "pmedian", "--p=-1"], "--p: must be 0 or more (got -1)"),
                      (["--model", "pmedian", "--p", "3"], "--p: 3 new sites asked for, but only 2 candidates can be opened"),
                      (["--model", "mclp", "--p", "1", "--radius-minutes=-5"], "--radius-minutes: must be a finite number >= 0 (got -5.0)"),
                      (["--model", "lscp", "--radius-minutes", "inf"], "--radius-minutes: must be a finite number >= 0 (got inf)")])
    func otherEdgeValuesAreUsage(_ arguments: [String], _ message: String) throws {
        let dir = try folder()
        let result = try optimize(dir, arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

/// Bounds on the counts and flags that feed whole-number conversions and loops (issue 10:
/// "look for the same classes everywhere"): each refusal names the file and line or the flag.
@Suite struct BoundedValueTests {
    func scenario(_ changes: String = "[]", roads: Bool = true) throws -> (scenario: URL, district: URL) {
        let file = try generatedScenario(cellsX: 4, cellsY: 3, seed: 5, name: "base", roads: roads)
        try "name: base\ndistrict: district\nchanges: \(changes)\n".write(to: file, atomically: true, encoding: .utf8)
        return (file, file.deletingLastPathComponent().appendingPathComponent("district"))
    }

    func run(_ s: (scenario: URL, district: URL), _ extra: [String] = []) throws -> ToolResult {
        try Tool.run(["run", s.scenario.path, "--out", s.scenario.deletingLastPathComponent().appendingPathComponent("out").path, "--quiet"] + extra)
    }

    @Test func scenarioWindowsAndStaffAreBounded() throws {
        var s = try scenario("\n  - modify_site: {id: H-D01, windows: 20000}")
        var result = try run(s)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("base.yaml:4: 'windows' is 20000; it must be at most 10000"), "\(result.stderr)")
        s = try scenario("\n  - online: {channel: hotline, seats: 9223372036854775807}")
        result = try run(s)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("base.yaml:4: 'seats' is 9223372036854775807; it must be at most 100000"), "\(result.stderr)")
    }

    @Test func channelStaffAndSpeedsAreBounded() throws {
        let s = try scenario()
        let channels = s.district.appendingPathComponent("channels.yaml")
        let text = try String(contentsOf: channels, encoding: .utf8)
        let agents = try #require(text.firstMatch(of: /agents: \d+/)).output
        try text.replacingOccurrences(of: String(agents), with: "agents: 1000000").write(to: channels, atomically: true, encoding: .utf8)
        let yaml = s.district.appendingPathComponent("district.yaml")
        let settings = try String(contentsOf: yaml, encoding: .utf8)
        try settings.replacingOccurrences(of: "walk: 4.5", with: "walk: 1e-300").write(to: yaml, atomically: true, encoding: .utf8)
        let result = try Tool.run(["check", s.district.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("channels.yaml:") && result.stderr.contains("'agents' is 1000000; it must be at most 100000"), "\(result.stderr)")
        #expect(result.stderr.contains("district.yaml:") && result.stderr.contains("speeds_kmh.walk is 1e-300 km/h, outside 0.1...1000"), "\(result.stderr)")
    }

    @Test(arguments: ["nan", "inf", "0", "-5", "1e308"])
    func maxTravelMinutesIsBounded(_ value: String) throws {
        let s = try scenario(roads: false)
        let result = try run(s, ["--max-travel-minutes=\(value)"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--max-travel-minutes must be a number of minutes in 0...10080"), "\(result.stderr)")
    }

    /// A cut-off below a threshold would let coverage count sites the choice cannot see.
    @Test func maxTravelMinutesBelowAThresholdIsRefused() throws {
        let s = try scenario(roads: false)
        let result = try run(s, ["--max-travel-minutes=20"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--max-travel-minutes: 20 min is below the larger threshold (30 min)"), "\(result.stderr)")
        #expect(try run(s, ["--max-travel-minutes=30"]).status == 0)
    }

    @Test(arguments: [["--road-spacing-meters", "1e-300"], ["--cell-meters", "1e300"], ["--cells-x", "100000"], ["--lat", "nan"]])
    func generateSizesAreBounded(_ arguments: [String]) throws {
        let out = try Paths.scratch().appendingPathComponent("g")
        let result = try Tool.run(["generate", "--out", out.path] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("must be"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func gridCellSizeIsBounded() throws {
        let dir = try Paths.scratch()
        for value in ["1e-300", "0.5", "1e9"] {
            let result = try Tool.run(["grid", "--osm", dir.appendingPathComponent("b.osm").path, "--subdistricts",
                                       dir.appendingPathComponent("s.geojson").path, "--cell-meters", value,
                                       "--out", dir.appendingPathComponent("p.geojson").path])
            #expect(result.status == 64, "\(value): \(result.stderr)")
            #expect(result.stderr.contains("--cell-meters must be 1...100000"), "\(result.stderr)")
        }
    }
}

/// An output path that exists and is not a regular file is refused (exit 73) and left as it was:
/// `optimize --output /dev/null` used to replace the device with a regular file. Tried here on a
/// FIFO, a symbolic link and a folder in a scratch folder (never on the real /dev/null).
@Suite struct OutputPathTypeTests {
    @Test func nonRegularOutputsAreLeftAlone() throws {
        let dir = try OptimizeEdgeTests().folder()
        try "id,capacity\ns,10\nt,5\n".write(to: dir.appendingPathComponent("supply.csv"), atomically: true, encoding: .utf8)
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let target = dir.appendingPathComponent("target.json")
        try "keep".write(to: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: false)
        for (name, what) in [("fifo", "not a regular file"), ("link.json", "a symbolic link"), ("folder", "a folder")] {
            for command in [["optimize", "--population", "pop.csv", "--matrix", "m.csv", "--candidates", "candidates.csv",
                             "--model", "pmedian", "--p", "1", "--output", name],
                            ["measure", "--population", "pop.csv", "--supply", "supply.csv", "--matrix", "m.csv",
                             "--measure", "2sfca", "--max-minutes", "30", "--output", name]] {
                let result = try Tool.run(command, cwd: dir)
                #expect(result.status == 73, "\(command[0]) \(name): \(result.stderr)")
                #expect(result.stderr.contains("\(name): is \(what); an output is written only as a new or regular file"), "\(result.stderr)")
            }
        }
        let fifoType = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        #expect(fifoType != .typeRegular)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
    }
}
