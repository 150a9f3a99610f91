import Foundation
import Testing
import TestSupport
import Yams

/// The bad-input corpus (Corpus/cases.yaml, issue 10 "Prove it stays fixed"): every case edits
/// a fresh copy of a small valid base, runs the real `twinreach` binary there and checks what
/// a user relies on: the exit code, a message naming the file and what is wrong, no crash, and
/// (when it fails) a folder left exactly as it was: no output, no staging or temporary file,
/// nothing removed or changed.
@Suite struct BadInputCorpusTests {
    @Test(arguments: CorpusCase.all)
    func corpusCase(_ corpusCase: CorpusCase) throws {
        let work = try Paths.scratch("corpus-\(corpusCase.id)")
        defer { try? FileManager.default.removeItem(at: work) }
        guard try CorpusBase.write(to: work, needsPeer: corpusCase.usesPeer) else { return } // peer data absent outside CI
        try corpusCase.applyEdits(in: work)
        let before = try FolderSnapshot(work)
        let arguments = corpusCase.run.map { $0.replacingOccurrences(of: "{work}", with: work.path) }
        let result = try CorpusRunner.run(arguments, cwd: work)
        let after = try FolderSnapshot(work)
        let problems = corpusCase.problems(with: result, before: before, after: after, work: work)
        if !problems.isEmpty {
            Issue.record(Comment(rawValue: corpusCase.report(arguments, result, problems)))
        }
    }

    /// The corpus stays as large and as broad as issue 10 asks.
    @Test func corpusCoversEveryFormat() {
        let failing = CorpusCase.all.filter { !$0.exit.allowed.contains(0) }
        #expect(failing.count >= 150, "\(failing.count) bad-input cases")
        #expect(Set(CorpusCase.all.map(\.id)).count == CorpusCase.all.count, "case ids are unique")
        let touched = Set(CorpusCase.all.flatMap { ($0.edit ?? []).map { ($0.file as NSString).lastPathComponent } })
        for file in ["district.yaml", "services.csv", "channels.yaml", "boundary.geojson", "subdistricts.geojson",
                     "population.geojson", "population.csv", "sites.geojson", "candidates.geojson", "roads.osm",
                     "roads.osm.pbf", "travel_matrix.csv", "scenario.yaml", "supply.csv",
                     "matrix.csv", "candidates.csv", "fixed.csv", "neighbors.csv", "bundles.yaml"] {
            #expect(touched.contains(file), "no case edits \(file)")
        }
    }
}

/// One case of Corpus/cases.yaml.
struct CorpusCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    /// The `twinreach` arguments, run in the work folder; `{work}` is its absolute path.
    var run: [String]
    var edit: [CorpusEdit]?
    var exit: ExitCodes
    /// Fragments that must all appear in standard error (case-insensitive).
    var stderr: [String]?
    /// Files or folders a successful case must create (relative to the work folder).
    var creates: [String]?
    /// The issue section whose fix this case waits for (it fails until that branch is merged).
    var fixedBy: String?
    var note: String?

    var testDescription: String { fixedBy.map { "\(id) [\($0)]" } ?? id }
    var usesPeer: Bool { run.contains { $0.hasPrefix("peer/") } || (edit ?? []).contains { $0.file.hasPrefix("peer/") } }

    static let corpusFolder = Paths.repo.appendingPathComponent("Tests/BadInputTests/Corpus")

    static let all: [CorpusCase] = {
        let url = corpusFolder.appendingPathComponent("cases.yaml")
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            return try YAMLDecoder().decode([CorpusCase].self, from: text)
        } catch {
            // A broken manifest shows as one failing case rather than as no cases at all.
            return [CorpusCase(id: "manifest-unreadable: \(error)", run: ["--version"], edit: nil,
                               exit: ExitCodes(allowed: [-1]), stderr: nil, creates: nil, fixedBy: nil, note: nil)]
        }
    }()

    func applyEdits(in work: URL) throws {
        for edit in edit ?? [] { try edit.apply(in: work, case: id) }
    }

    /// What is wrong with this run, one line each; empty when the case passes.
    func problems(with result: CorpusRunner.Result, before: FolderSnapshot, after: FolderSnapshot, work: URL) -> [String] {
        var problems: [String] = []
        if result.timedOut { problems.append("timed out after \(Int(CorpusRunner.timeoutSeconds)) s (killed)") }
        if result.signal != 0 { problems.append("crashed: killed by signal \(result.signal)") }
        for marker in ["internal error", "Fatal error", "fatal error", "Illegal instruction", "Segmentation fault"]
        where result.stderr.contains(marker) {
            problems.append("stderr says \"\(marker)\"")
        }
        if result.signal == 0 && !result.timedOut && !exit.allowed.contains(result.status) {
            problems.append("exit \(result.status), expected \(exit)")
        }
        let lowered = result.stderr.lowercased()
        for fragment in stderr ?? [] where !lowered.contains(fragment.lowercased()) {
            problems.append("stderr lacks \"\(fragment)\"")
        }
        if exit.allowed.contains(0) {
            for path in creates ?? [] where !FileManager.default.fileExists(atPath: work.appendingPathComponent(path).path) {
                problems.append("did not create \(path)")
            }
        } else if result.status != 0 && !result.timedOut {
            problems.append(contentsOf: before.differences(to: after))
        }
        return problems
    }

    func report(_ arguments: [String], _ result: CorpusRunner.Result, _ problems: [String]) -> String {
        var lines = ["corpus case \(id)" + (fixedBy.map { " (waits for \($0))" } ?? "")]
        if let note { lines.append("  about: \(note)") }
        lines.append("  command: twinreach " + arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " "))
        let outcome = result.timedOut ? "killed after \(CorpusRunner.timeoutSeconds) s"
            : result.signal != 0 ? "signal \(result.signal)" : String(result.status)
        lines.append("  exit: \(outcome); expected \(exit)"
                     + (stderr.map { "; stderr with " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? ""))
        lines += problems.map { "  - " + $0 }
        let text = result.stderr.count > 3000 ? String(result.stderr.prefix(3000)) + "…" : result.stderr
        lines.append("  stderr:")
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// An exit code or a list of acceptable ones (`exit: 65` or `exit: [64, 73]`).
struct ExitCodes: Decodable, Sendable, CustomStringConvertible {
    var allowed: [Int32]
    init(allowed: [Int32]) { self.allowed = allowed }
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(Int32.self) { allowed = [one] } else { allowed = try container.decode([Int32].self) }
    }
    var description: String { allowed.count == 1 ? "\(allowed[0])" : allowed.map(String.init).joined(separator: " or ") }
}

/// One change to the work folder before the command runs. Exactly one operation per edit:
/// `write` (whole text), `replace`/`with` (text that must be present; first occurrence, or
/// every one with `all: true`), `append`, `remove`, `truncate` (keep the first N bytes),
/// `hex` (whole file as bytes), `repeat`/`times` (`prefix` + text × times + `suffix`),
/// `copy` (another path of the work folder, or `corpus:NAME` from Corpus/), `mkdir`.
struct CorpusEdit: Decodable, Sendable {
    var file: String
    var write: String?
    var replace: String?
    var with: String?
    var all: Bool?
    var append: String?
    var remove: Bool?
    var truncate: Int?
    var hex: String?
    var `repeat`: String?
    var times: Int?
    var prefix: String?
    var suffix: String?
    var copy: String?
    var mkdir: Bool?

    struct Failure: Error, CustomStringConvertible { let description: String }

    func apply(in work: URL, case id: String) throws {
        let fm = FileManager.default
        let url = work.appendingPathComponent(file)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let write {
            try Data(write.utf8).write(to: url)
        } else if let replace {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let range = text.range(of: replace) else {
                throw Failure(description: "case \(id): \(file) no longer contains \(replace.debugDescription); update the corpus")
            }
            let new = all == true ? text.replacingOccurrences(of: replace, with: with ?? "")
                                  : text.replacingCharacters(in: range, with: with ?? "")
            try Data(new.utf8).write(to: url)
        } else if let append {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(append.utf8))
            try handle.close()
        } else if remove == true {
            try fm.removeItem(at: url)
        } else if let truncate {
            let data = try Data(contentsOf: url)
            try data.prefix(truncate).write(to: url)
        } else if let hex {
            try Self.bytes(hex: hex).write(to: url)
        } else if let text = self.repeat, let times {
            var data = Data((prefix ?? "").utf8)
            data.append(Data(String(repeating: text, count: times).utf8))
            data.append(Data((suffix ?? "").utf8))
            try data.write(to: url)
        } else if let copy {
            let source = copy.hasPrefix("corpus:")
                ? CorpusCase.corpusFolder.appendingPathComponent(String(copy.dropFirst("corpus:".count)))
                : work.appendingPathComponent(copy)
            if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
            try fm.copyItem(at: source, to: url)
        } else if mkdir == true {
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
        } else {
            throw Failure(description: "case \(id): edit of \(file) names no operation")
        }
    }

    static func bytes(hex: String) throws -> Data {
        let digits = hex.filter { !$0.isWhitespace }
        var data = Data()
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
            guard let byte = UInt8(digits[index..<next], radix: 16) else { throw Failure(description: "bad hex \(digits[index..<next])") }
            data.append(byte)
            index = next
        }
        return data
    }
}

/// The valid base every case starts from, in a fresh folder: `district/` (a copy of
/// GeoData/synthetic-small), `scenario.yaml` (no changes, on that district) and `peer/` (the
/// CSVs of the peer case `tiny` for `measure` and `optimize`).
enum CorpusBase {
    static let scenario = "# The corpus base scenario: the district as it is.\nname: corpus\ndistrict: district\nchanges: []\n"
    static let peerFiles = ["population.csv", "supply.csv", "matrix.csv", "candidates.csv", "neighbors.csv"]

    /// Writes the base; false when the case needs the peer data and it is absent (outside CI).
    static func write(to work: URL, needsPeer: Bool) throws -> Bool {
        let fm = FileManager.default
        try fm.copyItem(at: Paths.repo.appendingPathComponent("GeoData/synthetic-small"), to: work.appendingPathComponent("district"))
        try Data(scenario.utf8).write(to: work.appendingPathComponent("scenario.yaml"))
        let peer = work.appendingPathComponent("peer")
        try fm.createDirectory(at: peer, withIntermediateDirectories: true)
        guard let tiny = try Paths.sharedFile("peers/cases/tiny") else { return !needsPeer }
        for name in peerFiles { try fm.copyItem(at: tiny.appendingPathComponent(name), to: peer.appendingPathComponent(name)) }
        // A fixed-sites file (existing sites kept open) for `optimize --fixed`.
        try Data("id\ns1\n".utf8).write(to: peer.appendingPathComponent("fixed.csv"))
        return true
    }
}

/// Every file and folder under a folder with its bytes, to tell what a command left behind.
struct FolderSnapshot {
    var entries: [String: Data?] = [:]

    init(_ root: URL) throws {
        let fm = FileManager.default
        let base = root.resolvingSymlinksInPath().path
        guard let walker = fm.enumerator(atPath: base) else { return }
        while let relative = walker.nextObject() as? String {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: path, isDirectory: &isDirectory)
            entries[relative] = isDirectory.boolValue ? nil : (fm.contents(atPath: path) ?? Data())
        }
    }

    /// What appeared, disappeared or changed, one line each.
    func differences(to after: FolderSnapshot) -> [String] {
        var lines: [String] = []
        for path in after.entries.keys.sorted() where entries.index(forKey: path) == nil { lines.append("left behind: \(path)") }
        for path in entries.keys.sorted() {
            guard let new = after.entries.index(forKey: path) else { lines.append("removed: \(path)"); continue }
            if entries[path]! != after.entries[new].value { lines.append("changed: \(path)") }
        }
        return lines
    }
}

/// Runs `twinreach` with a time limit (a watchdog thread kills it), so that a hang fails its
/// case instead of the whole run, and tells a crash (death by a signal) from an exit.
enum CorpusRunner {
    static let timeoutSeconds = 60

    struct Result {
        var status: Int32
        var signal: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ arguments: [String], cwd: URL) throws -> Result {
        let process = Process()
        process.executableURL = Tool.executable
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Watchdog()
        Thread.detachNewThread {
            let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
            while Date() < deadline && !watchdog.finished { Thread.sleep(forTimeInterval: 0.2) }
            if !watchdog.finished { watchdog.fired = true; kill(pid, SIGKILL) }
        }
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile(); watchdog.errorRead.signal() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        watchdog.errorRead.wait()
        process.waitUntilExit()
        watchdog.finished = true
        let signaled = process.terminationReason == .uncaughtSignal
        return Result(status: signaled ? -1 : process.terminationStatus,
                      signal: signaled && !watchdog.fired ? process.terminationStatus : 0,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      timedOut: watchdog.fired)
    }

    final class Watchdog: @unchecked Sendable {
        var finished = false
        var fired = false
        let errorRead = DispatchSemaphore(value: 0)
    }
}
