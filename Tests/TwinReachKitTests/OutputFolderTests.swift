import Foundation
import Testing
import TestSupport

/// What `run --out` and `import --store` may replace, and what they refuse (exit 73) with the
/// reason; through the real CLI, checking that what was refused is left byte for byte.
@Suite struct OutputFolderTests {
    /// A small generated district `root/district` and the scenario `root/base.yaml`.
    func scenario() throws -> URL {
        try generatedScenario(cellsX: 6, cellsY: 5, seed: 3, name: "base")
    }

    func run(_ file: URL, out: String?, cwd: URL) throws -> ToolResult {
        try Tool.run(["run", file.path, "-q"] + (out.map { ["--out", $0] } ?? []), cwd: cwd)
    }

    /// Every file under `folder` (relative path -> bytes), to show that nothing changed.
    func snapshot(_ folder: URL) throws -> [String: Data] { try filesUnder(folder) }

    func expectRefused(_ result: ToolResult, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 73, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("choose an empty or new folder for --out"), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func refusesTheCurrentFolder() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let before = try snapshot(root)
        expectRefused(try run(file, out: ".", cwd: root), ".: is the current folder, which a run would replace")
        expectRefused(try run(file, out: root.path, cwd: root), "is the current folder")
        #expect(try snapshot(root) == before)
    }

    @Test func refusesAFolderThatHoldsTheCurrentFolder() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let before = try snapshot(root)
        expectRefused(try run(file, out: "..", cwd: work), "..: holds the current folder, which a run would replace")
        #expect(try snapshot(root) == before)
    }

    @Test func refusesTheDistrictFolderAndAnyFolderWithADistrict() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let district = root.appendingPathComponent("district")
        let before = try snapshot(district)
        expectRefused(try run(file, out: "district", cwd: root), "district: is the district folder")
        // A copy of a district that this run does not read is still a district.
        let copy = root.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: district, to: copy)
        expectRefused(try run(file, out: "copy", cwd: root), "copy: holds a district (district.yaml), which a run would replace")
        #expect(try snapshot(district) == before)
        #expect(try snapshot(copy) == before)
    }

    @Test func refusesARegularFileAndASymbolicLink() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let before = try snapshot(root)
        expectRefused(try run(file, out: "base.yaml", cwd: root), "base.yaml: is a file, not a folder")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "elsewhere")
        expectRefused(try run(file, out: "link", cwd: root), "link: is a symbolic link")
        expectRefused(try run(file, out: "link/", cwd: root), "link/: is a symbolic link")
        #expect(try snapshot(root) == before)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("link").path) == "elsewhere")
    }

    @Test func refusesAFolderOfTheUsersAndKeepsUserFilesBesideARun() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let mine = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "my notes\n".write(to: mine.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        expectRefused(try run(file, out: "mine", cwd: root),
                      "mine: is not empty and is not a folder twinreach run wrote (it has no .twinreach-run marker): found notes.txt")
        #expect(try String(contentsOf: mine.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")

        let first = try run(file, out: "o", cwd: root)
        #expect(first.status == 0, "\(first.stderr)")
        let o = root.appendingPathComponent("o")
        try "beside the run\n".write(to: o.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: o.appendingPathComponent("extra"), withIntermediateDirectories: true)
        let before = try snapshot(o)
        let again = try run(file, out: "o", cwd: root)
        #expect(again.status == 73, "\(again.stderr)")
        #expect(again.stderr.contains("o: holds files the run did not write: extra, notes.txt; move them away, or choose an empty or new folder"),
                "\(again.stderr)")
        #expect(try snapshot(o) == before)
    }

    /// An earlier run's folder (with its marker) and an empty folder are replaced; nothing is
    /// left beside them.
    @Test func replacesAnEarlierRunAndAnEmptyFolder() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let o = root.appendingPathComponent("o")
        try FileManager.default.createDirectory(at: o, withIntermediateDirectories: true)
        let first = try run(file, out: "o", cwd: root)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try snapshot(o)
        #expect(written["/.twinreach-run"].map { String(decoding: $0, as: UTF8.self) }
            == "twinreach run 2\nscenario: base\nfiles: cells.geojson sites.geojson gaps.geojson layers.gpkg summary.json summary.csv report.md map.svg map.html\n")
        #expect(Set(written.keys) == Set(["/.twinreach-run", "/cells.geojson", "/sites.geojson", "/gaps.geojson", "/layers.gpkg", "/summary.json",
                                          "/summary.csv", "/report.md", "/map.svg", "/map.html"]))
        // A run older than this format may have written fewer files: still its folder.
        try FileManager.default.removeItem(at: o.appendingPathComponent("map.svg"))
        try Data("damaged".utf8).write(to: o.appendingPathComponent("summary.json"))
        let second = try run(file, out: "o", cwd: root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try snapshot(o) == written)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["base.yaml", "district", "o"])
    }

    /// Without `--out` the run goes to `out/<name>` in the current folder, not beside the scenario.
    @Test func defaultOutputIsOutNameInTheCurrentFolder() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let scenarios = root.appendingPathComponent("Scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        let moved = scenarios.appendingPathComponent("base.yaml")
        try "name: base\ndistrict: ../district\n".write(to: moved, atomically: true, encoding: .utf8)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let result = try Tool.run(["run", "../Scenarios/base.yaml"], cwd: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("summary: out/base/summary.json"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/base/summary.json").path))
        #expect(!FileManager.default.fileExists(atPath: scenarios.appendingPathComponent("out").path))
    }

    /// A name that cannot be a folder name is refused at the line of its `name:` key.
    @Test(arguments: [
        ("\"\"", "name '' is empty"),
        ("", "name '' is empty"),
        ("\"a/b\"", "name 'a/b' holds a path separator"),
        ("'a\\b'", "name 'a\\b' holds a path separator"),
        ("../../etc", "name '../../etc' holds a path separator"),
        ("..", "name '..' starts with a dot"),
        ("\".\"", "name '.' starts with a dot"),
        (".hidden", "name '.hidden' starts with a dot"),
        ("\"a\\tb\"", "name 'a\\u{9}b' holds a control character"),
        ("\"a\\u0007b\"", "name 'a\\u{7}b' holds a control character"),
        (String(repeating: "x", count: 256), "name '\(String(repeating: "x", count: 256))' is longer than 255 bytes"),
    ])
    func refusesNamesThatAreNotFolderNames(yaml: String, fragment: String) throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        try "# A scenario whose name is no folder name.\n\nname: \(yaml)\ndistrict: district\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try Tool.run(["run", file.path, "-q"], cwd: root)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("base.yaml:3: \(fragment)"), "\(result.stderr)")
        #expect(result.stderr.contains("the name becomes the output folder out/<name>"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["base.yaml", "district"])
    }

    @Test func importOverwritesOnlyAStore() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        func importing(_ store: String) throws -> ToolResult { try Tool.run(["import", "district", "--store", store], cwd: root) }
        func expectRefused(_ store: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try importing(store)
            #expect(result.status == 73, "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains("\(store): \(fragment)"), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains("import writes only over a store it wrote; choose another --store path"), "\(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        try "keep me\n".write(to: root.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
        #expect(try Tool.run([root.appendingPathComponent("other.sqlite").path, "CREATE TABLE t (a);"], program: sqlite).status == 0)
        #expect(try Tool.run([root.appendingPathComponent("meta.sqlite").path, "CREATE TABLE metadata (key, value); INSERT INTO metadata VALUES ('a', 'b');"],
                             program: sqlite).status == 0)
        let before = try snapshot(root)
        try expectRefused("notes.txt", "exists and is not a TwinReach store (not an SQLite database)")
        try expectRefused("district/district.yaml", "exists and is not a TwinReach store (not an SQLite database)")
        try expectRefused("other.sqlite", "exists and is not a TwinReach store (an SQLite database without TwinReach's metadata table)")
        try expectRefused("meta.sqlite", "exists and is not a TwinReach store (its metadata table was not written by import)")
        try expectRefused("district", "is a folder, not a store file")
        #expect(try snapshot(root) == before)

        // A store import wrote is replaced.
        #expect(try importing("st.sqlite").status == 0)
        let again = try importing("st.sqlite")
        #expect(again.status == 0, "\(again.stderr)")
        let format = try Tool.run([root.appendingPathComponent("st.sqlite").path, "SELECT value FROM metadata WHERE key = 'store.format';"],
                                  program: sqlite)
        #expect(format.stdout == "twinreach store 2\n")
    }

    /// A process id that no process has (one that ran and exited).
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// Staging folders and store temporaries of killed processes go at the next run or import;
    /// look-alikes that are not exactly ours, or whose process lives, stay.
    @Test func removesLeftoversOfKilledProcessesOnly() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let fm = FileManager.default
        let dead = try deadPID(), alsoDead = try deadPID()
        func folder(_ name: String, files: [String]) throws {
            let url = root.appendingPathComponent(name)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            for f in files { try Data("x".utf8).write(to: url.appendingPathComponent(f)) }
        }
        func plain(_ name: String) throws { try Data("x".utf8).write(to: root.appendingPathComponent(name)) }
        // Ours, from dead processes.
        try folder(".o.partial-\(dead)", files: ["cells.geojson", ".sites.geojson.\(dead).tmp"])
        try folder(".o.old-\(alsoDead)", files: [".twinreach-run", "summary.json", "map.html"])
        try plain(".st.sqlite.tmp-\(dead)-12345")
        try plain(".st.sqlite.tmp-\(dead)-12345-journal")
        // Not ours, or not gone.
        let kept = [".o.partial-\(dead)x", ".o.partial-1", ".o.partial-\(alsoDead)", ".other.partial-\(dead)", "o.partial-\(dead)",
                    ".st.sqlite.tmp-\(dead)", ".st.sqlite.tmp-\(dead)-abc", ".st.sqlite.tmp-1-5", "st.sqlite.tmp-\(dead)-5"]
        try folder(".o.partial-\(dead)x", files: ["cells.geojson"])
        try folder(".o.partial-1", files: ["cells.geojson"])
        try folder(".o.partial-\(alsoDead)", files: ["cells.geojson", "notes.txt"])
        try folder(".other.partial-\(dead)", files: ["cells.geojson"])
        try folder("o.partial-\(dead)", files: ["cells.geojson"])
        for name in kept.dropFirst(5) { try plain(name) }

        let ran = try run(file, out: "o", cwd: root)
        #expect(ran.status == 0, "\(ran.stderr)")
        let imported = try Tool.run(["import", "district", "--store", "st.sqlite"], cwd: root)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: root.path).sorted() == (["base.yaml", "district", "o", "st.sqlite"] + kept).sorted())
    }
}
