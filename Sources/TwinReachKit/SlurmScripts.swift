import Foundation
import Formats
import Model

/// What the Slurm scripts of a batch (`twinreach batch … --emit-slurm DIR`) say: one job-array
/// task per shard, each running `twinreach batch … --shard I/N` into `DIR/shards/<I-1>`, and a
/// merge job that runs `twinreach batch merge` on the shard folders once every task succeeded.
/// Every path is absolute, and the jobs run in the folder the scripts were emitted from, so the
/// district paths in the tables are those a local run of the same command line writes.
public struct SlurmPlan: Sendable, Equatable {
    /// The `twinreach` binary the jobs run.
    public var twinreach: String
    /// The scenario file.
    public var scenario: String
    /// The scenario's name: the job names.
    public var name: String
    /// The `--districts` glob as given, read in `workingFolder`.
    public var districts: String
    /// The folder the jobs run in (they `cd` there first): where the glob and relative paths were read.
    public var workingFolder: String
    /// Districts each shard runs at once (`--jobs`): the CPUs of a task.
    public var jobs: Int
    /// The memory estimate of each district (bytes, `MemoryEstimate.bytes`), shard by shard.
    public var shardEstimates: [[Int]]
    /// The scripts folder (`--emit-slurm DIR`).
    public var folder: String
    /// The merged batch folder (`--out`).
    public var out: String

    public init(twinreach: String, scenario: String, name: String, districts: String, workingFolder: String, jobs: Int,
                shardEstimates: [[Int]], folder: String, out: String) {
        self.twinreach = twinreach
        self.scenario = scenario
        self.name = name
        self.districts = districts
        self.workingFolder = workingFolder
        self.jobs = jobs
        self.shardEstimates = shardEstimates
        self.folder = folder
        self.out = out
    }

    public var shards: Int { shardEstimates.count }
    public var districtCount: Int { shardEstimates.reduce(0) { $0 + $1.count } }
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}

/// What an array task or the merge job asks Slurm for.
public struct SlurmResources: Sendable, Equatable {
    public var cpus: Int
    public var memoryMiB: Int
    public var minutes: Int

    /// The merge reads the shards' tables only: one CPU, 1 GiB, 30 minutes.
    public static let merge = SlurmResources(cpus: 1, memoryMiB: 1024, minutes: 30)

    /// A shard that runs districts of these memory estimates (bytes), `jobs` at a time:
    /// - memory: 1.5 × the sum of the `jobs` largest estimates (the districts that may run at
    ///   once); the estimate is a lower bound of a run's peak, and the measured peaks are
    ///   1.2–1.6 × it (256 MiB for the 205 MiB of 200,000 cells, 89 MiB for the 74 MiB of 20,000,
    ///   91 MiB for the 63 MiB of GeoData/andorra, whose neighbours' roads it does not count);
    /// - time: 5 minutes, plus for each district 1 minute and 1 minute per 100 MiB of its
    ///   estimate, divided among the districts that run at once (rounded up): the 200,000-cell
    ///   district, 9.6 s on 2 cores, is given 5.1 minutes (11 with the 5), room for slower nodes
    ///   and file systems;
    /// - CPUs: `jobs`.
    public static func shard(estimates: [Int], jobs: Int) -> SlurmResources {
        let atOnce = estimates.sorted(by: >).prefix(jobs).reduce(0, +)
        let memoryMiB = (atOnce * 3 / 2 + (1 << 20) - 1) >> 20
        let districtMinutes = estimates.reduce(0.0) { $0 + 1 + Double($1) / Double(100 << 20) }
        let parallel = Double(max(1, min(jobs, estimates.count)))
        return SlurmResources(cpus: jobs, memoryMiB: max(1, memoryMiB), minutes: 5 + Int((districtMinutes / parallel).rounded(.up)))
    }

    /// The largest need of each kind among the shards: an array asks the same of every task.
    static func array(_ shards: [[Int]], jobs: Int) -> SlurmResources {
        let each = shards.map { shard(estimates: $0, jobs: jobs) }
        return SlurmResources(cpus: jobs, memoryMiB: each.map(\.memoryMiB).max() ?? 1, minutes: each.map(\.minutes).max() ?? 5)
    }

    /// `--time` as Slurm reads it: days-hours:minutes:seconds.
    var time: String {
        String(format: "%d-%02d:%02d:00", minutes / 1440, minutes / 60 % 24, minutes % 60)
    }

    var directives: [String] {
        ["#SBATCH --cpus-per-task=\(cpus)", "#SBATCH --mem=\(memoryMiB)M", "#SBATCH --time=\(time)"]
    }
}

/// The text of the files `--emit-slurm` writes.
enum SlurmScripts {
    static let arrayName = "shards.sbatch", mergeName = "merge.sbatch", submitName = "submit.sh", readmeName = "README.md"
    static let names = [arrayName, mergeName, submitName, readmeName]

    static func files(_ plan: SlurmPlan) -> [(name: String, text: String)] {
        [(arrayName, array(plan)), (mergeName, merge(plan)), (submitName, submit(plan)), (readmeName, readme(plan))]
    }

    /// The job array: task k runs shard k+1 of N into `shards/<k>`.
    static func array(_ plan: SlurmPlan) -> String {
        let need = SlurmResources.array(plan.shardEstimates, jobs: plan.jobs)
        var lines = [
            "#!/bin/bash",
            "# Written by twinreach batch --emit-slurm: one array task per shard of the batch (submit.sh submits it).",
            "#SBATCH --job-name=\(jobName(plan, "shards"))",
            "#SBATCH --array=0-\(plan.shards - 1)",
        ] + need.directives + [
            "#SBATCH --output=\(plan.path("logs"))/shard-%a.out",
            "# Each task asks for what the largest shard needs (see README.md for the rule):",
        ]
        for (k, estimates) in plan.shardEstimates.enumerated() {
            let own = SlurmResources.shard(estimates: estimates, jobs: plan.jobs)
            lines.append("#   shard \(k + 1)/\(plan.shards): \(estimates.count) district\(estimates.count == 1 ? "" : "s"), \(own.memoryMiB) MiB, \(own.minutes) min")
        }
        lines += [
            "set -euo pipefail",
            "cd \(quote(plan.workingFolder))",
            "shard=$((SLURM_ARRAY_TASK_ID + 1))",
            "out=\(quote(plan.path("shards")))/\"$SLURM_ARRAY_TASK_ID\"",
            "marker=\"$out/\(OutputFolder.batch.markerName)\"",
            "earlier=$(stat -c %i \"$marker\" 2>/dev/null || echo none)",
            "status=0",
            "\(quote(plan.twinreach)) batch \(quote(plan.scenario)) --districts \(quote(plan.districts)) --jobs \(plan.jobs) \\",
            "  --shard \"$shard/\(plan.shards)\" --out \"$out\" || status=$?",
            "# 65 with the shard's folder written by this run (a new marker, not an earlier run's): some districts",
            "# failed and their rows say why. The shard is complete, so that the merge runs (and exits 65 in turn).",
            "if [ \"$status\" -eq 65 ] && [ \"$(stat -c %i \"$marker\" 2>/dev/null || echo none)\" != \"$earlier\" ]; then exit 0; fi",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The merge job: joins the shard folders into `--out`.
    static func merge(_ plan: SlurmPlan) -> String {
        ([
            "#!/bin/bash",
            "# Written by twinreach batch --emit-slurm: merges the shards once every array task succeeded (submit.sh submits it).",
            "#SBATCH --job-name=\(jobName(plan, "merge"))",
        ] + SlurmResources.merge.directives + [
            "#SBATCH --output=\(plan.path("logs"))/merge.out",
            "set -euo pipefail",
            "cd \(quote(plan.workingFolder))",
            "shards=()",
            "for ((k = 0; k < \(plan.shards); k++)); do shards+=(\(quote(plan.path("shards")))/\"$k\"); done",
            "exec \(quote(plan.twinreach)) batch merge \"${shards[@]}\" --out \(quote(plan.out))",
        ]).joined(separator: "\n") + "\n"
    }

    /// Submits the array, then the merge job with `--dependency=afterok` on it; options given
    /// to submit.sh (a partition, an account) go to both `sbatch` calls.
    static func submit(_ plan: SlurmPlan) -> String {
        let logs = quote(plan.path("logs"))
        return [
            "#!/bin/sh",
            "# Written by twinreach batch --emit-slurm. Usage: submit.sh [SBATCH-OPTION...], e.g. submit.sh --partition=short",
            "set -eu",
            "mkdir -p \(logs)",
            "array=$(sbatch --parsable \"$@\" \(quote(plan.path(arrayName))))",
            "array=${array%%;*}",
            "merge=$(sbatch --parsable \"$@\" --dependency=afterok:\"$array\" \(quote(plan.path(mergeName))))",
            "merge=${merge%%;*}",
            "echo \"submitted: array job $array (\(plan.shards) shard\(plan.shards == 1 ? "" : "s")), merge job $merge (after the array succeeds)\"",
            "echo \"logs: \(plan.path("logs"))/, merged batch: \(plan.out)/\"",
        ].joined(separator: "\n") + "\n"
    }

    /// How to submit, what each job asks for and why, where the results land.
    static func readme(_ plan: SlurmPlan) -> String {
        let need = SlurmResources.array(plan.shardEstimates, jobs: plan.jobs), merge = SlurmResources.merge
        let shards = "\(plan.shards) shard\(plan.shards == 1 ? "" : "s")"
        return """
        # Slurm jobs of a TwinReach batch

        Written by `twinreach batch --emit-slurm`: the scenario \(plan.scenario) on the districts
        `\(plan.districts)` (read in \(plan.workingFolder)), \(plan.districtCount) districts in \(shards).

        Submit from a login node of the cluster (the paths must be the same on the compute nodes):

        ```sh
        \(plan.path(submitName))                      # or: submit.sh --partition=NAME --account=NAME
        ```

        `submit.sh` submits `\(arrayName)` (a job array, one task per shard: task k runs
        `twinreach batch … --shard k+1/\(plan.shards)` into `shards/k`, \(plan.jobs) district\(plan.jobs == 1 ? "" : "s") at a time) and then
        `\(mergeName)` with `--dependency=afterok` on the array: once every task succeeded it runs
        `twinreach batch merge` on the shard folders into \(plan.out): the same tables and chart,
        byte for byte, as one unsharded run. A district that fails is a row with its error and
        does not fail its task; the merge job then exits 65 (FAILED in `squeue`/`sacct`), its
        tables written. A task fails only when its shard cannot run; then the merge job is
        cancelled: resubmit that task and the merge with
        `sbatch --array=K \(plan.path(arrayName))`, then `sbatch \(plan.path(mergeName))`.
        Logs: `logs/shard-K.out` and `logs/merge.out` in this folder; results in `shards/K`.

        What each job asks for (from the districts' memory estimates, as `twinreach run` makes them
        before loading: 40 MiB, 1.9 KiB a cell, the road file, the travel matrix):

        | job | CPUs | memory | time |
        | --- | ---: | ---: | ---: |
        | each array task (the largest shard's need) | \(need.cpus) | \(need.memoryMiB) MiB | \(need.minutes) min |
        | merge | \(merge.cpus) | \(merge.memoryMiB) MiB | \(merge.minutes) min |

        A shard's memory is 1.5 × the sum of its \(plan.jobs) largest estimates (the districts that may
        run at once; the estimate is a lower bound of a run's peak). Its time is 5 minutes plus, for
        each district, 1 minute and 1 minute per 100 MiB of its estimate, divided among the
        districts that run at once. Each shard's own need is listed in `\(arrayName)`; edit the
        `#SBATCH` lines there if your cluster's nodes are much slower or its limits lower.

        """
    }

    static func jobName(_ plan: SlurmPlan, _ part: String) -> String {
        let safe = String(plan.name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_" })
        return "twinreach-\(safe.isEmpty ? "batch" : safe)-\(part)"
    }

    /// A shell word: single-quoted, with `'` as `'\''`.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension OutputFolder {
    /// `batch --emit-slurm DIR`: the scripts and their README. The jobs later add `logs/` and
    /// `shards/`, which a second emit into the same folder refuses to replace (they are results).
    static let emitSlurm = OutputFolder(
        command: "emit-slurm", outputNames: SlurmScripts.names, aDoer: "batch --emit-slurm", theDoer: "batch --emit-slurm",
        fix: "choose an empty or new folder for --emit-slurm")
}
