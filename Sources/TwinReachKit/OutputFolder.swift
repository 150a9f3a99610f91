import Formats
import Foundation
import Model

/// The rules for a command's output folder (`run`, `generate`, `osm-district`, `compare`). The
/// command writes its files into a staging folder beside the output folder
/// (`.<out>.partial-<PID>`) and then puts it in the output folder's place; the folder it
/// replaces is first moved aside (`.<out>.old-<PID>`) and removed after. Missing parent folders
/// of the output folder are created (as for `out/<scenario name>`).
///
/// The command marks its folder with `.twinreach-<command>`, a small text file:
/// `twinreach <command> <format>`, details (a run's scenario) and the files it wrote. A command
/// replaces an existing folder only when it is empty, or holds that command's marker and nothing
/// but the files the marker lists; anything else (the current folder or one that holds it, an
/// input folder or file, a district folder the command did not write, a file, a symbolic link, a
/// folder with files of the user's) is refused with exit 73 and a message saying why.
public struct OutputFolder: Sendable {
    /// The command as typed (`run`, `generate`, …); it names the marker.
    public let command: String
    /// Every file the command may write into its folder, besides the marker, in the order the
    /// marker lists them; a folder holding any other file is not replaced.
    public let outputNames: [String]
    /// The command in messages: "a run" would replace, files "the run" did not write.
    let aDoer: String, theDoer: String
    /// What to do instead; ends every refusal.
    let fix: String
    /// The folder's format, on the marker's first line; it changes when the folder's files do.
    var format = 1

    public var markerName: String { ".twinreach-\(command)" }
    /// The marker's first line.
    var markerHeading: String { "twinreach \(command) \(format)" }

    /// `run`'s folder: every file `RunOutputs.write` writes (OutputFolderTests checks the two agree).
    public static let run = OutputFolder(
        command: "run",
        outputNames: ["cells.geojson", "sites.geojson", "gaps.geojson", "layers.gpkg", "summary.json", "summary.csv", "report.md", "map.svg", "map.html"],
        aDoer: "a run", theDoer: "the run", fix: "choose an empty or new folder for --out (default: out/<scenario name>)",
        format: 2)  // 2: with layers.gpkg
    /// `batch`'s and `batch merge`'s folder: the tables, the chart, `batch.json` and (a batch,
    /// not a merge) `districts/`, one run folder per district.
    public static let batch = OutputFolder(
        command: "batch", outputNames: BatchFiles.names + ["districts"], aDoer: "a batch", theDoer: "the batch",
        fix: "choose an empty or new folder for --out (default: out/batch-<scenario name>)")
    /// The files of a district folder that `DistrictWriter` and the roads writer write.
    static let districtFiles = ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson", "sites.geojson",
                                "candidates.geojson", "channels.yaml", "services.csv", "roads.osm"]
    public static let generate = OutputFolder(command: "generate", outputNames: districtFiles, aDoer: "generate", theDoer: "generate",
                                              fix: "choose an empty or new folder for --out")
    public static let osmDistrict = OutputFolder(command: "osm-district", outputNames: districtFiles, aDoer: "osm-district",
                                                 theDoer: "osm-district", fix: "choose an empty or new folder for --out")
    public static let compare = OutputFolder(
        command: "compare", outputNames: ["compare.md", "compare.csv", "gap_changes.geojson"], aDoer: "compare", theDoer: "compare",
        fix: "choose an empty or new folder for --out (default: compare-<A>-vs-<B> beside run B)")

    /// The marker's text: heading, `details` lines, then the files written (those of
    /// `outputNames` in `written`, in that order).
    func marker(details: [String], written: Set<String>) -> String {
        ([markerHeading] + details + ["files: " + outputNames.filter(written.contains).joined(separator: " ")])
            .joined(separator: "\n") + "\n"
    }

    /// The files a marker says its command wrote, or nil when the text is not this command's marker.
    func filesListed(inMarker text: String) -> Set<String>? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("twinreach \(command) ") else { return nil }
        let listed = lines.first { $0.hasPrefix("files: ") }.map { $0.dropFirst("files: ".count).split(separator: " ").map(String.init) }
        return Set(listed ?? [])
    }

    /// A file or folder the command reads, which no output folder may be or hold: what it is
    /// ("the district folder") and its path.
    public typealias Input = (what: String, path: String)

    /// Refuses an output folder the command may not replace (see the type's rules), then removes
    /// what killed earlier runs of it left beside the folder: call before the work.
    func prepare(_ out: String, inputs: [Input]) throws {
        try checkReplaceable(out, inputs: inputs)
        removeLeftovers(of: URL(fileURLWithPath: out).standardizedFileURL)
    }

    /// Refuses an output folder the command may not replace (see the type's rules).
    func checkReplaceable(_ out: String, inputs: [Input]) throws {
        guard !out.isEmpty else { throw InputError(.usage, file: "--out", .file, "is empty: give a folder for the outputs") }
        var info = stat()
        // Without trailing slashes, so that a link is seen as the link the rename would replace.
        let named = out.count > 1 && out.hasSuffix("/") ? String(out.reversed().drop { $0 == "/" }.reversed()) : out
        guard lstat(named.isEmpty ? "/" : named, &info) == 0 else {
            if errno == ENOENT { return }
            throw InputError(.cantCreate, file: out, .file, "cannot be examined (\(String(cString: strerror(errno)))); \(fix)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw InputError(.cantCreate, file: out, .file, "is a symbolic link, which \(aDoer) would replace; \(fix)")
        default: throw InputError(.cantCreate, file: out, .file, "is a file, not a folder: \(aDoer) writes a folder of files and would replace it; \(fix)")
        }
        let folder = Self.realPath(out)
        let here = Self.realPath(FileManager.default.currentDirectoryPath)
        if folder == here { throw InputError(.cantCreate, file: out, .file, "is the current folder, which \(aDoer) would replace; \(fix)") }
        if Self.contains(folder, here) { throw InputError(.cantCreate, file: out, .file, "holds the current folder, which \(aDoer) would replace; \(fix)") }
        for input in inputs {
            let inside = Self.realPath(input.path)
            if folder == inside { throw InputError(.cantCreate, file: out, .file, "is \(input.what) \(input.path), which \(aDoer) would replace; \(fix)") }
            if Self.contains(folder, inside) {
                throw InputError(.cantCreate, file: out, .file, "holds \(input.what) \(input.path), which \(aDoer) would replace; \(fix)")
            }
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted() } catch {
            throw InputError(.cantCreate, file: out, .file, "cannot be read (\(error.localizedDescription)); \(fix)")
        }
        if entries.isEmpty { return }
        let markerPath = (out as NSString).appendingPathComponent(markerName)
        let listed = (try? String(contentsOfFile: markerPath, encoding: .utf8)).flatMap(filesListed(inMarker:))
        if entries.contains("district.yaml"), listed?.contains("district.yaml") != true {
            let whose = outputNames.contains("district.yaml") ? " that \(theDoer) did not write (it has no \(markerName) marker)" : ""
            throw InputError(.cantCreate, file: out, .file, "holds a district (district.yaml)\(whose), which \(aDoer) would replace; \(fix)")
        }
        guard let listed else {
            throw InputError(.cantCreate, file: out, .file,
                             "is not empty and is not a folder twinreach \(command) wrote (it has no \(markerName) marker): found \(Self.sample(entries)); \(fix)")
        }
        let foreign = entries.filter { $0 != markerName && !listed.contains($0) }
        guard foreign.isEmpty else {
            throw InputError(.cantCreate, file: out, .file,
                             "holds files \(theDoer) did not write: \(Self.sample(foreign)); move them away, or \(fix)")
        }
    }

    /// Writes the folder: `body` writes the files into the staging folder (its path given), the
    /// marker is added last (a folder with it is complete), and the staging folder replaces
    /// `out` after one more check. On any failure the staging folder is removed.
    func write(to out: String, inputs: [Input], details: [String] = [], body: (String) throws -> Void) throws {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        let staging = Self.staging(outURL, pid: getpid())
        let fm = FileManager.default
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw InputError(.ioError, file: out, .file, "cannot create the output folder: \(error.localizedDescription)")
        }
        do {
            try body(staging.path)
            let written = Set(try fm.contentsOfDirectory(atPath: staging.path))
            try AtomicFile.write(marker(details: details, written: written), to: staging.appendingPathComponent(markerName).path)
            try replace(outURL, with: staging, inputs: inputs)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// The first few names, and how many more.
    static func sample(_ names: [String]) -> String {
        let shown = names.prefix(5).joined(separator: ", ")
        return names.count > 5 ? "\(shown) and \(names.count - 5) more" : shown
    }

    /// The path with symbolic links resolved when it exists, else made absolute.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `inner` lies inside `outer` (both absolute, resolved).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        outer == "/" ? inner != "/" : inner.hasPrefix(outer + "/")
    }

    /// The staging and replaced folders of `out` named after process `pid`.
    static func staging(_ out: URL, pid: Int32) -> URL { sibling(out, "partial", pid) }
    static func replaced(_ out: URL, pid: Int32) -> URL { sibling(out, "old", pid) }
    private static func sibling(_ out: URL, _ kind: String, _ pid: Int32) -> URL {
        out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).\(kind)-\(pid)")
    }

    /// Removes the staging and replaced folders of `out` left by killed processes (their PID
    /// gone), when they hold nothing but this command's files and their temporaries.
    func removeLeftovers(of out: URL) {
        let parent = out.deletingLastPathComponent().path
        for kind in ["partial", "old"] {
            for name in Leftovers.names(in: parent, prefix: ".\(out.lastPathComponent).\(kind)-", rest: { $0.isEmpty }) {
                let folder = (parent as NSString).appendingPathComponent(name)
                guard holdsOnlyOwnFiles(folder) else { continue }
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
    }

    /// Whether every entry of the folder is one of the command's files, its marker or a temporary of one of them.
    func holdsOnlyOwnFiles(_ folder: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        let known = Set(outputNames + [markerName])
        return entries.allSatisfy { name in
            if known.contains(name) { return true }
            return known.contains { name.hasPrefix(".\($0).") && name.hasSuffix(".tmp")
                && name.dropFirst($0.count + 2).dropLast(4).allSatisfy { $0.isASCII && $0.isNumber } }
        }
    }

    /// Puts `staging` in the place of `target`, after checking once more that `target` may be
    /// replaced; the folder replaced is removed.
    func replace(_ target: URL, with staging: URL, inputs: [Input]) throws {
        try checkReplaceable(target.path, inputs: inputs)
        let old = Self.replaced(target, pid: getpid())
        var hadOld = false
        if FileManager.default.fileExists(atPath: target.path) {
            guard rename(target.path, old.path) == 0 else {
                throw InputError(.ioError, file: target.path, .file, "cannot replace the earlier output: \(String(cString: strerror(errno)))")
            }
            hadOld = true
        }
        guard rename(staging.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(old.path, target.path) }
            throw InputError(.ioError, file: target.path, .file, "cannot move the output into place: \(reason)")
        }
        if hadOld { try? FileManager.default.removeItem(at: old) }
    }
}
