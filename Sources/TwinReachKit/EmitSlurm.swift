import Foundation
import Formats
import Model
import Scenarios

public enum EmitSlurm {
    /// Plans the batch of `options` (scenario, glob, `--jobs`, `--out`) as `shards` shards (nil:
    /// the default, `defaultShards`) and writes its Slurm scripts into `folder`. The batch's own
    /// checks come first (the scenario's changes, the glob), so that what the cluster would refuse
    /// is refused here; nothing runs. `twinreach`: the binary the jobs run.
    public static func run(_ options: BatchOptions, folder: String, shards: Int?, twinreach: String) throws -> SlurmPlan {
        if options.shard != nil {
            throw InputError(.usage, file: "--shard", .file, "the Slurm scripts run every shard; leave out --shard with --emit-slurm")
        }
        let scenario = try Scenario(path: options.scenarioPath, forBatch: true)
        let problems = scenario.batchProblems
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw InputErrors(problems) }
        let districts = try BatchDistricts.find(options.districtsGlob)
        let count = shards ?? defaultShards(districts: districts.count, jobs: options.jobs)
        guard count >= 1 else { throw InputError(.usage, file: "--shards", .file, "\(count) is not a number of shards: give 1 or more") }
        guard count <= districts.count else {
            throw InputError(.usage, file: "--shards", .file,
                             "\(count) is more than the \(districts.count) districts '\(options.districtsGlob)' finds: give 1...\(districts.count)")
        }
        let here = OutputFolder.realPath(FileManager.default.currentDirectoryPath)
        let plan = SlurmPlan(
            twinreach: twinreach, scenario: OutputFolder.realPath(options.scenarioPath), name: scenario.name,
            districts: options.districtsGlob, workingFolder: here, jobs: options.jobs,
            shardEstimates: BatchDistricts.shards(districts, count: count).map { $0.map { MemoryEstimate.of(district: $0.path).bytes } },
            folder: absolute(folder, in: here), out: absolute(options.outPath ?? "out/batch-\(scenario.name)", in: here))
        try requireApart(plan)
        try write(plan, inputs: [("the scenario file", scenario.path)] + districts.map { ("the district folder", $0.path) })
        return plan
    }

    /// One shard per two rounds of `jobs` districts (every CPU of a task gets two districts), at
    /// most 1,000 tasks (Slurm's default `MaxArraySize` is 1,001).
    public static func defaultShards(districts: Int, jobs: Int) -> Int {
        min(1000, max(1, (districts + 2 * jobs - 1) / (2 * jobs)))
    }

    /// The path made absolute against `folder` (no links resolved: the folder may not exist yet).
    static func absolute(_ path: String, in folder: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: folder).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// The merge writes `--out` and the tasks write into the scripts folder: neither may hold the other.
    static func requireApart(_ plan: SlurmPlan) throws {
        let folder = OutputFolder.realPath(plan.folder), out = OutputFolder.realPath(plan.out)
        guard folder != out, !OutputFolder.contains(folder, out), !OutputFolder.contains(out, folder) else {
            throw InputError(.usage, file: "--emit-slurm", .file,
                             "the scripts folder \(plan.folder) and the batch folder --out \(plan.out) must be apart (neither the other nor inside it): the merge replaces --out, the jobs write into the scripts folder")
        }
    }

    /// Writes the plan's scripts into `plan.folder` through the output-folder rules (staged,
    /// renamed, marked `.twinreach-emit-slurm`; nothing replaced that it did not write). The
    /// scripts folder, which `#SBATCH --output` lines hold, is checked first: those lines cannot quote.
    public static func write(_ plan: SlurmPlan, inputs: [OutputFolder.Input]) throws {
        try requireDirectivePath(plan.folder, option: "--emit-slurm")
        try OutputFolder.emitSlurm.prepare(plan.folder, inputs: inputs)
        try OutputFolder.emitSlurm.write(to: plan.folder, inputs: inputs, details: ["scenario: \(plan.name)"]) { staging in
            for file in SlurmScripts.files(plan) {
                let path = (staging as NSString).appendingPathComponent(file.name)
                try AtomicFile.write(file.text, to: path)
                if file.name.hasSuffix(".sh") { chmod(path, 0o755) }
            }
        }
    }

    /// Refuses (64) a path an `#SBATCH` line cannot hold: blanks and quotes end or change the
    /// option, `%` is a pattern in `--output`, a control character ends the line.
    static func requireDirectivePath(_ path: String, option: String) throws {
        let bad = path.unicodeScalars.first { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || "%'\"\\".unicodeScalars.contains($0) }
        guard let bad else { return }
        let shown = bad.properties.isWhitespace || bad.value < 0x20 ? String(format: "U+%04X", bad.value) : "'\(Character(bad))'"
        throw InputError(.usage, file: option, .file,
                         "\(path) holds \(shown), which an #SBATCH line cannot hold (--output): choose a folder whose path has no blanks, quotes, backslashes or %")
    }
}
