import Foundation
import Model

/// The rules for a run's output folder. A run writes its files into a staging folder beside the
/// output folder (`.<out>.partial-<PID>`) and then puts it in the output folder's place; the
/// folder it replaces is first moved aside (`.<out>.old-<PID>`) and removed after.
///
/// A run marks its folder with `.twinreach-run`, a small text file: `twinreach run <format>`,
/// the scenario's name and the files the run wrote. A run replaces an existing folder only when
/// it is empty, or holds that marker and nothing but the files the marker lists; anything else
/// (the current folder or one that holds it, a district or scenario folder, a file, a symbolic
/// link, a folder with files of the user's) is refused with exit 73 and a message saying why.
public enum RunFolder {
    public static let markerName = ".twinreach-run"
    /// The marker's first line; the format number changes when the folder's files do.
    static let markerHeading = "twinreach run 1"
    /// Every file a run writes into its folder (`RunOutputs.write`), besides the marker; a run
    /// folder holding any other file is not replaced, so this list follows what `write` writes
    /// (OutputFolderTests checks the two agree).
    public static let outputNames = ["cells.geojson", "sites.geojson", "gaps.geojson", "summary.json", "summary.csv", "report.md",
                                     "map.svg", "map.html"]

    /// The marker's text for a run of `scenario`.
    static func marker(scenario: String) -> String {
        "\(markerHeading)\nscenario: \(scenario)\nfiles: \(outputNames.joined(separator: " "))\n"
    }

    /// The files a marker says its run wrote, or nil when the text is not a run's marker.
    static func filesListed(inMarker text: String) -> Set<String>? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("twinreach run ") else { return nil }
        let listed = lines.first { $0.hasPrefix("files: ") }.map { $0.dropFirst("files: ".count).split(separator: " ").map(String.init) }
        return Set(listed ?? [])
    }

    /// A file or folder the run reads, which no output folder may be or hold: what it is
    /// ("the district folder") and its path.
    typealias Input = (what: String, path: String)

    /// Refuses an output folder the run may not replace (see the type's rules).
    static func checkReplaceable(_ out: String, inputs: [Input]) throws {
        guard !out.isEmpty else { throw InputError(.usage, file: "--out", .file, "is empty: give a folder for the run's outputs") }
        var info = stat()
        // Without trailing slashes, so that a link is seen as the link the rename would replace.
        let named = out.count > 1 && out.hasSuffix("/") ? String(out.reversed().drop { $0 == "/" }.reversed()) : out
        guard lstat(named.isEmpty ? "/" : named, &info) == 0 else {
            if errno == ENOENT { return }
            throw InputError(.cantCreate, file: out, .file, "cannot be examined (\(String(cString: strerror(errno)))); choose another --out folder")
        }
        let fix = "choose an empty or new folder for --out (default: out/<scenario name>)"
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw InputError(.cantCreate, file: out, .file, "is a symbolic link, which a run would replace; \(fix)")
        default: throw InputError(.cantCreate, file: out, .file, "is a file, not a folder: a run writes a folder of files and would replace it; \(fix)")
        }
        let folder = realPath(out)
        let here = realPath(FileManager.default.currentDirectoryPath)
        if folder == here { throw InputError(.cantCreate, file: out, .file, "is the current folder, which a run would replace; \(fix)") }
        if contains(folder, here) { throw InputError(.cantCreate, file: out, .file, "holds the current folder, which a run would replace; \(fix)") }
        for input in inputs {
            let inside = realPath(input.path)
            if folder == inside { throw InputError(.cantCreate, file: out, .file, "is \(input.what) \(input.path), which a run would replace; \(fix)") }
            if contains(folder, inside) {
                throw InputError(.cantCreate, file: out, .file, "holds \(input.what) \(input.path), which a run would replace; \(fix)")
            }
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted() } catch {
            throw InputError(.cantCreate, file: out, .file, "cannot be read (\(error.localizedDescription)); \(fix)")
        }
        if entries.isEmpty { return }
        if entries.contains("district.yaml") {
            throw InputError(.cantCreate, file: out, .file, "holds a district (district.yaml), which a run would replace; \(fix)")
        }
        let markerPath = (out as NSString).appendingPathComponent(markerName)
        guard let text = try? String(contentsOfFile: markerPath, encoding: .utf8), let listed = filesListed(inMarker: text) else {
            throw InputError(.cantCreate, file: out, .file,
                             "is not empty and is not a folder twinreach run wrote (it has no \(markerName) marker): found \(sample(entries)); \(fix)")
        }
        let foreign = entries.filter { $0 != markerName && !listed.contains($0) }
        guard foreign.isEmpty else {
            throw InputError(.cantCreate, file: out, .file,
                             "holds files the run did not write: \(sample(foreign)); move them away, or \(fix)")
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

    /// Removes the staging and replaced folders of `out` left by runs that were killed (their
    /// PID gone), when they hold nothing but a run's files and their temporaries.
    static func removeLeftovers(of out: URL) {
        let parent = out.deletingLastPathComponent().path
        for kind in ["partial", "old"] {
            for name in Leftovers.names(in: parent, prefix: ".\(out.lastPathComponent).\(kind)-", rest: { $0.isEmpty }) {
                let folder = (parent as NSString).appendingPathComponent(name)
                guard holdsOnlyRunFiles(folder) else { continue }
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
    }

    /// Whether every entry of the folder is a run's file, its marker or a temporary of one of them.
    static func holdsOnlyRunFiles(_ folder: String) -> Bool {
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
    static func replace(_ target: URL, with staging: URL, inputs: [Input]) throws {
        try checkReplaceable(target.path, inputs: inputs)
        let old = replaced(target, pid: getpid())
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
