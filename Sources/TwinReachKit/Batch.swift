import Foundation
import Formats
import Model
import RoadGraphs
import Scenarios

/// Options of `twinreach batch`.
public struct BatchOptions: Sendable {
    public var scenarioPath: String
    /// A glob of district folders (`GeoData/*`), expanded by TwinReach, not the shell.
    public var districtsGlob: String
    /// Districts run at once (default: the core count); each run gets the cores over the jobs.
    public var jobs: Int
    /// Default `out/batch-<scenario name>`, or `out/batch-<name>-shard-I-of-N` for a shard.
    public var outPath: String?
    /// `(I, N)`: run only shard I of N (`BatchDistricts.shard`).
    public var shard: (index: Int, count: Int)?
    /// Told after each district: done (ran or failed), failed, the shard's districts.
    public var progress: (@Sendable (_ done: Int, _ failed: Int, _ total: Int) -> Void)?

    public init(scenarioPath: String, districtsGlob: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                outPath: String? = nil, shard: (index: Int, count: Int)? = nil) {
        self.scenarioPath = scenarioPath; self.districtsGlob = districtsGlob; self.jobs = jobs
        self.outPath = outPath; self.shard = shard
    }
}

/// What a batch (or a merge) wrote.
public struct BatchOutcome: Sendable {
    public var outPath: String
    public var districts: Int
    /// The districts that failed: path and error, in table order.
    public var failures: [(district: String, error: String)]

    /// The exit code of a batch with failed districts (its outputs are written): 65, whatever
    /// each district's own error (its row's `exit_code`).
    public static let someFailedExitCode: Int32 = 65
}

public enum BatchCommand {
    /// The version written into batch tables; shards of other versions are not merged.
    public static var version: String { TwinReachVersion.current }

    /// Runs the scenario on every district the glob finds (or one shard's), each into
    /// `districts/<folder>`, and writes the tables and the chart. A district that fails is a
    /// row with its error; the others run on.
    public static func run(_ options: BatchOptions) throws -> BatchOutcome {
        let scenario = try Scenario(path: options.scenarioPath, forBatch: true)
        let problems = scenario.batchProblems
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw InputErrors(problems) }
        let all = try BatchDistricts.find(options.districtsGlob)
        let mine = options.shard.map { BatchDistricts.shard(all, index: $0.index, count: $0.count) } ?? all
        let out = options.outPath ?? "out/batch-\(scenario.name)" + (options.shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? "")
        let inputs: [OutputFolder.Input] = [("the scenario file", scenario.path)] + all.map { ("the district folder", $0.path) }
        try OutputFolder.batch.prepare(out, inputs: inputs)
        var result = BatchResult(version: version, scenario: scenario.name, scenarioHash: try FNV1a64.ofFile(scenario.path).hex,
                                 glob: options.districtsGlob, districtsTotal: all.count, districtsHash: districtsHash(all),
                                 shard: options.shard.map { "\($0.index)/\($0.count)" }, rows: [])
        try OutputFolder.batch.write(to: out, inputs: inputs, details: ["scenario: \(scenario.name)"]) { staging in
            let folder = (staging as NSString).appendingPathComponent("districts")
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw InputError(.ioError, file: out, .file, "cannot create districts/: \(error.localizedDescription)")
            }
            result.rows = runDistricts(mine, scenario: scenario, into: folder, jobs: options.jobs, progress: options.progress)
            try BatchFiles.write(result, to: staging)
        }
        return BatchOutcome(outPath: out, districts: result.rows.count, failures: result.failed.map { ($0.district, $0.error) })
    }

    /// FNV-1a 64 of the district paths, one a line.
    static func districtsHash(_ districts: [BatchDistrict]) -> String {
        var h = FNV1a64()
        for d in districts { h.update(Array((d.path + "\n").utf8)) }
        return h.hex
    }

    /// Runs the districts on `jobs` threads, largest first, and returns their rows in the
    /// districts' order (the order they finish in changes nothing).
    static func runDistricts(_ districts: [BatchDistrict], scenario: Scenario, into folder: String, jobs: Int,
                             progress: (@Sendable (Int, Int, Int) -> Void)?) -> [BatchRow] {
        let work = BatchWork(count: districts.count)
        let order = districts.indices.sorted { districts[$0].inputBytes > districts[$1].inputBytes }
        let workers = max(1, min(jobs, districts.count))
        let threadsEach = max(1, ProcessInfo.processInfo.activeProcessorCount / workers)
        let done = DispatchGroup()
        progress?(0, 0, districts.count)
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                while let k = work.next() {
                    let d = districts[order[k]]
                    let row = runDistrict(d, scenario: scenario, out: (folder as NSString).appendingPathComponent(d.folder), threads: threadsEach)
                    let counts = work.finish(order[k], row)
                    progress?(counts.done, counts.failed, districts.count)
                }
                done.leave()
            }
            thread.stackSize = 8 << 20 // as the main thread's, where `run` runs
            thread.start()
        }
        done.wait()
        return work.rows
    }

    /// One district's run into `out`, as its row.
    static func runDistrict(_ d: BatchDistrict, scenario: Scenario, out: String, threads: Int) -> BatchRow {
        var row = BatchRow(district: d.path, folder: d.folder, name: "", exitCode: 0, error: "", inputsHash: "",
                           figures: BatchMeasures.districtNames.map { _ in nil }, subdistricts: [])
        do {
            let options = RunOptions(scenarioPath: scenario.path, outPath: out, threads: threads)
            let outcome = try RunCommand.run(options, scenario: scenario.forDistrict(d.path))
            row.name = outcome.summary.districtName
            row.figures = BatchMeasures.figures(outcome.summary)
            row.subdistricts = outcome.summary.subdistricts.map { BatchArea(id: $0.id, name: $0.name, figures: BatchMeasures.figures($0)) }
            row.inputsHash = (try? inputsHash(d.path, roadProfiles: outcome.district.settings.roadProfiles ?? [])) ?? ""
        } catch {
            row.inputsHash = (try? inputsHash(d.path, roadProfiles: [])) ?? ""
            (row.exitCode, row.error) = describe(error)
        }
        return row
    }

    /// An error's exit code and message, as the CLI would print them.
    static func describe(_ error: Error) -> (Int, String) {
        switch error {
        case let e as InputError: return (Int(e.exitCode), e.description)
        case let e as InputErrors: return (Int(e.exitCode), e.description)
        default: return (Int(InputError.Kind.internalError.rawValue), "internal error: \(error)")
        }
    }

    /// FNV-1a 64 of the district's `file hash` lines (`DistrictInputs.hashes`).
    static func inputsHash(_ folder: String, roadProfiles: [String]) throws -> String {
        var h = FNV1a64()
        for entry in try DistrictInputs.hashes(of: folder, roadProfiles: roadProfiles) {
            h.update(Array("\(entry.file) \(entry.fnv1a64)\n".utf8))
        }
        return h.hex
    }
}

/// The batch's files in its (staging) folder.
enum BatchFiles {
    static let names = ["batch.csv", "batch_subdistricts.csv", "batch.md", "batch.svg", "batch.json"]

    static func write(_ result: BatchResult, to folder: String) throws {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        try AtomicFile.write(BatchTables.districtsCSV(result), to: path("batch.csv"))
        try AtomicFile.write(BatchTables.subdistrictsCSV(result), to: path("batch_subdistricts.csv"))
        try AtomicFile.write(BatchTables.markdown(result), to: path("batch.md"))
        try AtomicFile.write(BatchChart.svg(result), to: path("batch.svg"))
        try AtomicFile.write(BatchJSON.text(result), to: path("batch.json"))
    }
}

/// The districts still to run and the rows of those done, shared by the batch's threads.
final class BatchWork: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [BatchRow?]
    private var done = 0, failed = 0

    init(count: Int) { self.count = count; slots = Array(repeating: nil, count: count) }

    /// The next position in the run order, or nil when every district is taken.
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    /// Stores district `k`'s row; returns how many are done and how many failed.
    func finish(_ k: Int, _ row: BatchRow) -> (done: Int, failed: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[k] = row
        done += 1
        if !row.ok { failed += 1 }
        return (done, failed)
    }

    var rows: [BatchRow] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}
