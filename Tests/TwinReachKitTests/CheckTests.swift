import Districts
import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach check` on a valid generated district and on each kind of breakage the issue lists:
/// exit 65 (66 for a missing file) and a message naming the file and the feature or line.
@Suite struct CheckTests {
    /// A small valid district written to a fresh folder.
    func district() throws -> URL {
        let folder = try Paths.scratch().appendingPathComponent("d")
        var options = SyntheticOptions()
        options.cellsX = 6
        options.cellsY = 5
        let generated = SyntheticGenerator.generate(options)
        try DistrictWriter.write(generated.district, to: folder.path)
        return folder
    }

    func replace(_ folder: URL, _ file: String, _ old: String, _ new: String) throws {
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "fixture \(file) lacks \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func check(_ folder: URL) throws -> (ToolResult, CheckReport) {
        (try Tool.run(["check", folder.path]), CheckCommand.run(path: folder.path))
    }

    @Test func validDistrictPasses() throws {
        let folder = try district()
        let (result, report) = try check(folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(report.problems.isEmpty)
        #expect(result.stdout.contains("cells: 30"))
        #expect(result.stdout.contains("service items: 32"))
    }

    /// Each breakage: file, old text, new text, and the message expected on standard error.
    static let breakages: [(String, String, String, String)] = [
        ("population.geojson", "\"id\":\"c00003\",\"pop\":", "\"id\":\"c00003\",\"pop\":-", "population.geojson: feature 3 (id c00003): pop is -"),
        ("population.geojson", "\"id\":\"c00004\",\"pop\":", "\"id\":\"c00004\",\"pop\":\"many\",\"x\":", "population.geojson: feature 4 (id c00004): pop must be a number, not a string"),
        ("population.geojson", ",\"elderly\":", ",\"elderly\":1.5,\"old_elderly\":", "population.geojson: feature 5 (id c00005): elderly is 1.5, outside 0..1"),
        ("population.geojson", "\"id\":\"c00002\",\"pop\":", "\"id\":\"c00002\",\"pop\":1,\"pop\":", "population.geojson:4: malformed JSON: duplicate member name \"pop\""),
        ("population.geojson", "\"id\":\"c00006\"", "\"id\":\"c00001\"", "population.geojson: feature 6 (id c00001): duplicate id 'c00001' (first at feature 1)"),
        ("sites.geojson", "\"kind\":\"kiosk\"", "\"kind\":\"booth\"", "unknown kind 'booth' (hall or kiosk)"),
        ("sites.geojson", "\"tier\":\"street\"", "\"tier\":\"province\"", "unknown tier 'province' (city, district, street or community)"),
        ("sites.geojson", "\"windows\":30", "\"windows\":0", "sites.geojson: feature 0 (id H-D01): windows is 0; a site needs at least 1"),
        ("sites.geojson", "\"hours\":\"Mo-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:00\"", "\"hours\":\"Mo-Fr 9am-5pm\"", "sites.geojson: feature 0 (id H-D01): bad opening hours: bad time range '9am-5pm'"),
        ("sites.geojson", "\"id\":\"H-D01\",", "\"id\":\"H-D01\",\"services\":[\"S001\",\"S999\"],", "sites.geojson: feature 0 (id H-D01): unknown service id S999"),
        ("services.csv", "S002,", "S001,", "services.csv:3: duplicate id 'S001' (first on line 2)"),
        ("services.csv", ",street,", ",township,", "min_tier 'township' is not one of community, street, district, city"),
        ("district.yaml", "crs: \"EPSG:4326\"", "crs: \"EPSG:999999\"", "unknown CRS 'EPSG:999999'"),
        ("district.yaml", "elderly_share: 0.12", "elderly_share: [0.12", "district.yaml:"),
        ("district.yaml", "elderly_share: 0.12", "elderly_share: 0.12\ntwin_weights: {elderly: 0.2, not_digital: 0.3}",
         "twin_weights: elderly + not_digital must be at least 1"),
        ("district.yaml", "elderly_share: 0.12", "elderly_share: 0.12\ntwin_weights: {elderly: 2, digital: 1}",
         "unknown key 'digital' in twin_weights; the keys are elderly, not_digital (docs/district-format.md)"),
        // Unknown keys are errors with a suggestion (issue 14 §3; they were warnings that `run` never showed).
        ("district.yaml", "thresholds_minutes:", "thresholds:",
         "district.yaml:7: unknown key 'thresholds' (did you mean 'thresholds_minutes'?); the keys are name, crs, mode, speeds_kmh,"),
        ("district.yaml", "{hall: 30,", "{hal: 30,", "district.yaml:7: unknown key 'hal' in thresholds_minutes (did you mean 'hall'?); the keys are hall, kiosk"),
        ("district.yaml", "elderly_share: 0.12", "elderly_shares: 0.12", "unknown key 'elderly_shares' (did you mean 'elderly_share'?)"),
        ("channels.yaml", "seats: 30", "seat: 30",
         "channels.yaml:5: unknown key 'seat' in a channel (did you mean 'seats'?); the keys are id, kind, hours, services, effort_minutes, agents, seats, handling_minutes"),
        ("channels.yaml", "channels:", "channel:", "channels.yaml:1: unknown key 'channel' (did you mean 'channels'?)"),
        ("channels.yaml", "kind: video", "kind: carrier-pigeon", "channels.yaml:4: channel 'video': unknown kind 'carrier-pigeon' (online, video or hotline)"),
        ("channels.yaml", "services: all-online, effort_minutes: 10", "services: [S001, S404], effort_minutes: 10", "channel 'app': unknown service id 'S404'"),
        ("boundary.geojson", "\"FeatureCollection\"", "\"FeatureCollection\",,", "boundary.geojson:1: malformed JSON"),
    ]

    @Test(arguments: 0..<breakages.count)
    func brokenInputIsReportedByFileAndFeature(_ n: Int) throws {
        let (file, old, new, expected) = Self.breakages[n]
        let folder = try district()
        try replace(folder, file, old, new)
        let (result, _) = try check(folder)
        #expect(result.status == 65, "\(file): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains(folder.appendingPathComponent(file).path))
    }

    @Test func swappedAndNonFiniteCoordinatesArePointed() throws {
        let folder = try district()
        let sites = folder.appendingPathComponent("sites.geojson")
        var text = try String(contentsOf: sites, encoding: .utf8)
        // Swap the first site's position to [lat, lon] and give the second a NaN.
        guard let range = text.range(of: "\"coordinates\":[113.") else { Issue.record("fixture"); return }
        let end = text[range.upperBound...].firstIndex(of: "]")!
        let pair = text[text.index(range.lowerBound, offsetBy: 15)..<end].split(separator: ",")
        text.replaceSubrange(text.index(range.lowerBound, offsetBy: 15)..<end, with: "\(pair[1]),\(pair[0])")
        try text.write(to: sites, atomically: true, encoding: .utf8)
        try replace(folder, "population.geojson", "\"id\":\"c00002\",\"pop\":", "\"id\":\"c00002\",\"pop\":NaN,\"x\":")
        let (result, report) = try check(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("sites.geojson: feature 0 (id H-D01): latitude 113.") && result.stderr.contains("swapped?"), "\(result.stderr)")
        // NaN is not JSON: the whole file is malformed, reported with its line.
        #expect(report.problems.contains { $0.file.hasSuffix("population.geojson") && $0.message.hasPrefix("malformed JSON") })
    }

    @Test func polygonWhereAPointBelongs() throws {
        let folder = try district()
        try replace(folder, "sites.geojson", "\"geometry\":{\"type\":\"Point\",\"coordinates\":[113.",
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[113.9,22.5],[113.91,22.5],[113.91,22.51],[113.9,22.5]]]},\"x\":{\"a\":[113.")
        let (result, _) = try check(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("sites.geojson: feature 0 (id H-D01): geometry is Polygon; a site is a Point"), "\(result.stderr)")
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() throws {
        let folder = try district()
        try replace(folder, "population.geojson", "\"id\":\"c00003\",\"pop\":", "\"id\":\"c00003\",\"pop\":-")
        try replace(folder, "sites.geojson", "\"kind\":\"kiosk\"", "\"kind\":\"booth\"")
        try replace(folder, "services.csv", ",street,", ",township,")
        let report = CheckCommand.run(path: folder.path)
        let files = Set(report.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent })
        #expect(files == ["population.geojson", "sites.geojson", "services.csv"])
        #expect(report.problems.count >= 3)
    }

    /// A layer where almost every id repeats lists the first 50 duplicates, then counts the rest
    /// (issue 10: a 500 MB layer printed 1.86 M lines); other kinds and files are listed apart.
    @Test func repeatedProblemsAreCappedPerFileAndKind() throws {
        let folder = try Paths.scratch().appendingPathComponent("d")
        var options = SyntheticOptions()
        options.cellsX = 10
        options.cellsY = 12
        try DistrictWriter.write(SyntheticGenerator.generate(options).district, to: folder.path)
        let url = folder.appendingPathComponent("population.geojson")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacing(/"id":"c\d+"/, with: "\"id\":\"c00000\"").write(to: url, atomically: true, encoding: .utf8)
        try replace(folder, "sites.geojson", "\"kind\":\"kiosk\"", "\"kind\":\"booth\"")
        let (result, report) = try check(folder)
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n")
        let duplicates = lines.filter { $0.contains("population.geojson: feature") && $0.contains("duplicate id 'c00000'") }
        #expect(duplicates.count == 50, "\(result.stderr)")
        #expect(lines.contains("\(url.path): ... and 69 more problems of the kind \"duplicate id … (first at feature #)\""), "\(result.stderr)")
        #expect(result.stderr.contains("sites.geojson: feature") && result.stderr.contains("unknown kind 'booth'"))
        #expect(lines.last == "\(report.problemCount) problem(s) found")
        let booths = lines.filter { $0.contains("unknown kind 'booth'") }.count
        #expect(booths > 0 && report.problemCount == 119 + booths)
        #expect(lines.count < 60)
    }

    @Test func shortRowsMissingColumnsAndTruncatedFiles() throws {
        var folder = try district()
        try replace(folder, "services.csv", "per_1000_per_year", "per_thousand")
        var (result, _) = try check(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("services.csv:1: missing column per_1000_per_year"), "\(result.stderr)")

        folder = try district()
        let services = folder.appendingPathComponent("services.csv")
        let text = try String(contentsOf: services, encoding: .utf8)
        try (text + "S099,Short row,3\n").write(to: services, atomically: true, encoding: .utf8)
        (result, _) = try check(folder)
        #expect(result.stderr.contains("services.csv:34: has 3 fields, the header has 17"), "\(result.stderr)")

        folder = try district()
        let population = folder.appendingPathComponent("population.geojson")
        let data = try Data(contentsOf: population)
        try data.prefix(data.count / 2).write(to: population)
        (result, _) = try check(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("population.geojson") && result.stderr.contains("malformed JSON"), "\(result.stderr)")
    }

    @Test func invalidUTF8AndMissingFile() throws {
        var folder = try district()
        let subdistricts = folder.appendingPathComponent("subdistricts.geojson")
        var data = try Data(contentsOf: subdistricts)
        data.insert(contentsOf: [0xFF, 0xFE], at: data.count / 2)
        try data.write(to: subdistricts)
        let line = data.prefix(data.count / 2).filter { $0 == 0x0A }.count + 1
        var (result, _) = try check(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("subdistricts.geojson:\(line): text is not valid UTF-8"), "\(result.stderr)")

        folder = try district()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("channels.yaml"))
        (result, _) = try check(folder)
        #expect(result.status == 66)
        #expect(result.stderr.contains("channels.yaml: no such file"), "\(result.stderr)")

        (result, _) = (try Tool.run(["check", "/nonexistent/district"]), CheckReport(summary: [], problems: [], warnings: [], counted: nil))
        #expect(result.status == 66)
    }

    @Test func selfIntersectingCellIsRepairedWithAWarning() throws {
        let folder = try district()
        let population = folder.appendingPathComponent("population.geojson")
        var text = try String(contentsOf: population, encoding: .utf8)
        // Turn cell c00007's square into a bow tie by swapping two of its corners.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let n = lines.firstIndex(where: { $0.contains("\"id\":\"c00007\"") }),
              let open = lines[n].range(of: "[[[["), let close = lines[n].range(of: "]]]]") else { Issue.record("fixture"); return }
        let ring = lines[n][open.upperBound..<close.lowerBound].components(separatedBy: "],[")
        let bowtie = [ring[0], ring[2], ring[1], ring[3], ring[0]].joined(separator: "],[")
        var edited = lines
        edited[n] = lines[n].replacingCharacters(in: open.upperBound..<close.lowerBound, with: bowtie)
        text = edited.joined(separator: "\n")
        try text.write(to: population, atomically: true, encoding: .utf8)
        let (result, report) = try check(folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(report.warnings.contains { $0.description.contains("population.geojson: feature 7 (id c00007): invalid cell polygon (Self-intersection") })
        #expect(result.stderr.contains("warning:"))
    }
}

@Suite struct ConvexShortcutTests {
    func area(_ points: [(Double, Double)]) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: points.map { XY($0.0, $0.1) })])
    }

    /// The shortcut says "valid" only where GEOS agrees, and leaves every doubtful ring to GEOS.
    @Test func onlySimpleConvexRingsSkipGEOS() {
        let square = area([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])
        let clockwise = area([(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)])
        let bowtie = area([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
        let concave = area([(0, 0), (2, 0), (1, 0.5), (2, 2), (0, 2), (0, 0)])
        let pentagram = area([(0, 1), (0.588, -0.809), (-0.951, 0.309), (0.951, 0.309), (-0.588, -0.809), (0, 1)])
        #expect(LibraryGeoServices.isStrictlyConvex(square))
        #expect(LibraryGeoServices.isStrictlyConvex(clockwise))
        #expect(!LibraryGeoServices.isStrictlyConvex(bowtie))
        #expect(!LibraryGeoServices.isStrictlyConvex(concave))
        #expect(!LibraryGeoServices.isStrictlyConvex(pentagram))   // turns one way, but twice around
        let geo = LibraryGeoServices()
        #expect(geo.validity(of: square) == nil)
        #expect(geo.validity(of: bowtie)?.reason.hasPrefix("Self-intersection") == true)
        #expect(geo.validity(of: pentagram) != nil)
    }
}
