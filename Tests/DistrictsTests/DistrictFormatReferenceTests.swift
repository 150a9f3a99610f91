import Districts
import Foundation
import TestSupport
import Testing

/// docs/district-format.md against the loader: its key tables name exactly `DistrictFormat.keys`
/// (which the loader reads and checks unknown keys against), and the district it writes out
/// passes `twinreach check` and runs.
@Suite struct DistrictFormatReferenceTests {
    static let reference = Paths.repo.appendingPathComponent("docs/district-format.md")

    /// A key row of the reference: file, key, and whether its default column says `required`.
    struct Row: Hashable, CustomStringConvertible {
        var file: String, key: String, required: Bool
        var description: String { "\(file) \(key)\(required ? " (required)" : "")" }
    }

    /// The rows of every table whose first header cell is "`FILE` key", "column" or "property".
    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var file: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), cells.count >= 3 else { file = nil; continue }
            let first = cells[0]
            if let header = first.wholeMatch(of: /`([^`]+)` (key|column|property)/) { file = String(header.1); continue }
            guard let file, let key = first.wholeMatch(of: /`([^`]+)`/) else { continue }
            rows.append(Row(file: file, key: String(key.1), required: cells[2] == "required"))
        }
        return rows
    }

    /// Fenced blocks whose info string names a file: `lang FILE` (the minimal district) or
    /// `lang every-key FILE` (the examples with every key).
    static func blocks(_ text: String) -> (minimal: [(String, String)], everyKey: [(String, String)]) {
        var minimal: [(String, String)] = [], everyKey: [(String, String)] = []
        var inside = false
        var named: (file: String, everyKey: Bool)?
        var body = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if inside {
                    if let named { if named.everyKey { everyKey.append((named.file, body)) } else { minimal.append((named.file, body)) } }
                    inside = false
                    continue
                }
                let words = line.dropFirst(3).split(separator: " ").map(String.init)
                named = words.count == 2 ? (words[1], false) : words.count == 3 && words[1] == "every-key" ? (words[2], true) : nil
                inside = true
                body = ""
                continue
            }
            if inside { body += line + "\n" }
        }
        return (minimal, everyKey)
    }

    @Test func theReferenceNamesExactlyTheKeysTheLoaderReads() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        let documented = Set(Self.rows(text))
        let loader = Set(DistrictFormat.keys.map { Row(file: $0.file, key: $0.key, required: $0.required) })
        #expect(documented.count > 50, "the reference's key tables were not found")
        let undocumented = loader.subtracting(documented).map(\.description).sorted()
        let unread = documented.subtracting(loader).map(\.description).sorted()
        #expect(undocumented.isEmpty, "read by the loader (DistrictFormat.keys), not in docs/district-format.md: \(undocumented)")
        #expect(unread.isEmpty, "in docs/district-format.md, not read by the loader (DistrictFormat.keys): \(unread)")
    }

    /// The layer readers take GeoJSON properties and CSV columns by name; every name they use
    /// must be a key of the table (so that the reference, which names the table's keys, names
    /// it). YAML keys need no such scan: `CheckedMapping` asserts each key it is asked for.
    @Test func everyPropertyAndColumnTheReadersNameIsInTheTable() throws {
        let folder = Paths.repo.appendingPathComponent("Sources/Districts")
        let layerKeys = Set(DistrictFormat.keys.filter { !$0.file.hasSuffix(".yaml") }.map(\.key))
        var named = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where file.hasSuffix(".swift") && file != "DistrictFormat.swift" && file != "DistrictWriter.swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /(?:properties|\bp)\["([a-z_]+)"\]/) { named.insert(String(m.1)) }
            for m in text.matches(of: /(?:optionalColumn|share)\((?:[^,()]+, )?"([a-z_]+)"/) { named.insert(String(m.1)) }
            for m in text.matches(of: /columns\(\[([^\]]*)\]\)/) {
                for name in m.1.split(separator: ",") { named.insert(name.trimmingCharacters(in: CharacterSet(charactersIn: " \"\n"))) }
            }
        }
        #expect(named.isSuperset(of: ["pop", "kind", "windows", "elderly", "lon"]), "the scan found too little: \(named.sorted())")
        #expect(named.subtracting(layerKeys).isEmpty, "read by Sources/Districts, not in DistrictFormat.keys: \(named.subtracting(layerKeys).sorted())")
    }

    /// The minimal district, written from the reference's blocks, into `root/minimal` (the
    /// scenario beside it).
    static func writeMinimal(_ root: URL) throws -> URL {
        let text = try String(contentsOf: reference, encoding: .utf8)
        let folder = root.appendingPathComponent("minimal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let minimal = blocks(text).minimal
        #expect(Set(minimal.map(\.0)) == ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.csv",
                                          "sites.geojson", "channels.yaml", "services.csv", "scenario.yaml"])
        for (file, body) in minimal {
            try body.write(to: (file == "scenario.yaml" ? root : folder).appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func aDistrictWrittenFromTheReferencePassesCheckAndRuns() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.writeMinimal(root)
        let check = try Tool.run(["check", folder.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "warnings: \(check.stderr)")
        #expect(check.stdout.contains("cells: 3, population 2400"), "\(check.stdout)")
        #expect(check.stdout.contains("sites: 2 (halls: city 0, district 0, street 1, community 0; kiosks 1)"), "\(check.stdout)")
        #expect(check.stdout.contains("district.yaml defaults for: crs, mode, speeds_kmh, detour_factor, max_snap_meters, elderly_share, digital_adoption, twin_weights, assisted, video_access, road_profile, dem, arrivals, time_of_day, establishments, failed_visit_probability (docs/district-format.md)"), "\(check.stdout)")
        let run = try Tool.run(["run", root.appendingPathComponent("scenario.yaml").path, "--out", root.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("minimal-baseline: 2400 residents, 3 cells"), "\(run.stdout)")
    }

    @Test func theEveryKeyExamplesNameEveryKeyAndLoad() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.writeMinimal(root)
        try FileManager.default.copyItem(at: Paths.repo.appendingPathComponent("Profiles/walk.yaml"),
                                         to: folder.appendingPathComponent("my-walk.yaml"))
        try FileManager.default.copyItem(at: Paths.repo.appendingPathComponent("GeoData/andorra/elevation.tif"),
                                         to: folder.appendingPathComponent("elevation.tif"))
        let examples = Self.blocks(try String(contentsOf: Self.reference, encoding: .utf8)).everyKey
        #expect(examples.map(\.0) == ["district.yaml", "channels.yaml", "bundles.yaml"])
        for (file, body) in examples {
            try body.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
            // The last part of each key ("walk" of speeds_kmh.walk, "id" of channels[].id).
            let named = DistrictFormat.keys.filter { $0.file == file }.compactMap { $0.key.split(separator: ".").last.map(String.init) }
            for key in named {
                #expect(body.contains("\(key):"), "the every-key \(file) example has no '\(key)'")
            }
        }
        let check = try Tool.run(["check", folder.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "warnings: \(check.stderr)")
    }
}
