import Districts
import Foundation
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach batch … --emit-slurm DIR` through the real CLI: the scripts' array range,
/// dependency, commands and resource requests against values worked out by hand from the
/// districts' cell counts, and what it refuses.
@Suite struct SlurmEmitTests {
    /// Generated districts without a road file (so that a memory estimate is 40 MiB + 1,946
    /// bytes a cell, nothing else) under `root/districts/<name>`, and `root/scenario.yaml`.
    func districts(_ sizes: [(name: String, x: Int, y: Int)]) throws -> URL {
        let root = try Paths.scratch()
        for (k, size) in sizes.enumerated() {
            var options = SyntheticOptions()
            options.cellsX = size.x
            options.cellsY = size.y
            options.seed = UInt64(k + 1)
            try DistrictWriter.write(SyntheticGenerator.generate(options).district,
                                     to: root.appendingPathComponent("districts/\(size.name)").path)
        }
        try "name: slurm-test\nchanges:\n  - digital_adoption: {group: elderly, add: 0.2}\n"
            .write(to: root.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    func emit(_ root: URL, _ extra: [String]) throws -> ToolResult {
        try Tool.run(["batch", "scenario.yaml", "--districts", "districts/*"] + extra, cwd: root)
    }

    func text(_ root: URL, _ name: String) throws -> String {
        try text(root.appendingPathComponent("slurm/\(name)"))
    }

    func text(_ file: URL) throws -> String { try String(contentsOf: file, encoding: .utf8) }

    /// Three districts of 400, 100 and 20 cells, two at a time, in the default number of shards
    /// (3 districts / (2 × 2 jobs), rounded up: 1). By hand, estimates 60 MiB + 720 B a cell:
    /// 63,202,560, 62,986,560 and 62,928,960 bytes. Memory: 1.5 × (63,202,560 + 62,986,560) =
    /// 189,283,680 B = 180.5 MiB, asked as 181 MiB. Time: 5 + ⌈(3 + (63,202,560 + 62,986,560 +
    /// 62,928,960) / 100 MiB) / 2⌉ = 5 + ⌈(3 + 1.8036) / 2⌉ = 5 + 3 = 8 minutes.
    @Test func oneShardTwoJobsAsksForTheTwoLargestDistricts() throws {
        let root = try districts([("a", 20, 20), ("b", 10, 10), ("c", 5, 4)])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try emit(root, ["--jobs", "2", "--emit-slurm", "slurm"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try text(root, "shards.sbatch")
        let here = root.resolvingSymlinksInPath().path
        #expect(array.contains("\n#SBATCH --array=0-0\n"), "\(array)")
        #expect(array.contains("\n#SBATCH --cpus-per-task=2\n#SBATCH --mem=181M\n#SBATCH --time=0-00:08:00\n"), "\(array)")
        #expect(array.contains("\n#SBATCH --output=\(here)/slurm/logs/shard-%a.out\n"), "\(array)")
        #expect(array.contains("#   shard 1/1: 3 districts, 181 MiB, 8 min\n"), "\(array)")
        #expect(array.contains("\nset -euo pipefail\ncd '\(here)'\nshard=$((SLURM_ARRAY_TASK_ID + 1))\nout='\(here)/slurm/shards'/\"$SLURM_ARRAY_TASK_ID\"\n"), "\(array)")
        let command = "'\(Tool.executable.resolvingSymlinksInPath().path)' batch '\(here)/scenario.yaml' --districts 'districts/*' --jobs 2 \\\n"
            + "  --shard \"$shard/1\" --out \"$out\" || status=$?\n"
        #expect(array.contains(command), "\(array)")
        let merge = try text(root, "merge.sbatch")
        #expect(merge.contains("\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=1024M\n#SBATCH --time=0-00:30:00\n"), "\(merge)")
        #expect(merge.contains("\nset -euo pipefail\ncd '\(here)'\n"), "\(merge)")
        #expect(merge.contains("for ((k = 0; k < 1; k++)); do shards+=('\(here)/slurm/shards'/\"$k\"); done\n"), "\(merge)")
        #expect(merge.contains(" batch merge \"${shards[@]}\" --out '\(here)/out/batch-slurm-test'\n"), "\(merge)")
        let submit = try text(root, "submit.sh")
        #expect(submit.contains("array=$(sbatch --parsable \"$@\" '\(here)/slurm/shards.sbatch')\n"), "\(submit)")
        #expect(submit.contains("merge=$(sbatch --parsable \"$@\" --dependency=afterok:\"$array\" '\(here)/slurm/merge.sbatch')\n"), "\(submit)")
        let readme = try text(root, "README.md")
        #expect(readme.contains("| each array task (the largest shard's need) | 2 | 181 MiB | 8 min |"), "\(readme)")
        let marker = try text(root, ".twinreach-emit-slurm")
        #expect(marker == "twinreach emit-slurm 1\nscenario: slurm-test\nfiles: shards.sbatch merge.sbatch submit.sh README.md\n")
    }

    /// The same districts in three shards, one district each at one job: each task asks for
    /// the largest, 1.5 × 63,202,560 B = 90.4 MiB (91 MiB) and 5 + ⌈1 + 0.6027⌉ = 7 minutes; the
    /// two others need 1.5 × 62,986,560 B = 90.1 MiB (91) and 1.5 × 62,928,960 B = 90.0 MiB (91).
    /// The bytes do not depend on anything but the inputs: a second emit gives the same files.
    @Test func threeShardsOneJobEach() throws {
        let root = try districts([("a", 20, 20), ("b", 10, 10), ("c", 5, 4)])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try emit(root, ["--jobs", "1", "--shards", "3", "--out", "merged", "--emit-slurm", "slurm"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try text(root, "shards.sbatch")
        #expect(array.contains("\n#SBATCH --array=0-2\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=91M\n#SBATCH --time=0-00:07:00\n"), "\(array)")
        let shards = array.split(separator: "\n").filter { $0.hasPrefix("#   shard ") }
        #expect(shards == ["#   shard 1/3: 1 district, 91 MiB, 7 min", "#   shard 2/3: 1 district, 91 MiB, 7 min",
                           "#   shard 3/3: 1 district, 91 MiB, 7 min"])
        #expect(array.contains("--shard \"$shard/3\""))
        let here = root.resolvingSymlinksInPath().path
        #expect(try text(root, "merge.sbatch").contains("for ((k = 0; k < 3; k++))"))
        #expect(try text(root, "merge.sbatch").contains("--out '\(here)/merged'\n"))
        let before = try filesUnder(root.appendingPathComponent("slurm"))
        let again = try emit(root, ["--jobs", "1", "--shards", "3", "--out", "merged", "--emit-slurm", "slurm"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try filesUnder(root.appendingPathComponent("slurm")) == before)
    }

    /// What the jobs added (logs, shard results) is not replaced by a second emit; nor is a
    /// folder of the user's; a number of shards beyond the districts, `--shard` beside
    /// `--emit-slurm` and a path an `#SBATCH` line cannot hold are usage errors.
    @Test func refusals() throws {
        let root = try districts([("a", 6, 5), ("b", 5, 4)])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try emit(root, ["--emit-slurm", "slurm"]).status == 0)
        let logs = root.appendingPathComponent("slurm/logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try "shard 0\n".write(to: logs.appendingPathComponent("shard-0.out"), atomically: true, encoding: .utf8)
        let before = try filesUnder(root.appendingPathComponent("slurm"))
        let refused = try emit(root, ["--emit-slurm", "slurm"])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("slurm: holds files batch --emit-slurm did not write: logs; move them away, or choose an empty or new folder for --emit-slurm"),
                "\(refused.stderr)")
        #expect(try filesUnder(root.appendingPathComponent("slurm")) == before)

        let tooMany = try emit(root, ["--shards", "3", "--emit-slurm", "other"])
        #expect(tooMany.status == 64)
        #expect(tooMany.stderr.contains("--shards: 3 is more than the 2 districts 'districts/*' finds"), "\(tooMany.stderr)")
        let none = try emit(root, ["--shards", "0", "--emit-slurm", "other"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("--shards: 0 is not a number of shards: give 1 or more"), "\(none.stderr)")
        let alone = try emit(root, ["--shards", "2", "--out", "other"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--shards goes with --emit-slurm (a local batch runs --shard I/N)"), "\(alone.stderr)")
        let both = try emit(root, ["--shard", "1/2", "--emit-slurm", "other"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--shard: the Slurm scripts run every shard; leave out --shard with --emit-slurm"), "\(both.stderr)")
        let blank = try emit(root, ["--emit-slurm", "my jobs"])
        #expect(blank.status == 64)
        #expect(blank.stderr.contains("my jobs holds U+0020, which an #SBATCH line cannot hold"), "\(blank.stderr)")
        let inside = try emit(root, ["--out", "slurm2/merged", "--emit-slurm", "slurm2"])
        #expect(inside.status == 64)
        #expect(inside.stderr.contains("--emit-slurm: the scripts folder"), "\(inside.stderr)")
        // A blank in the folder the jobs run in is fine: the scripts quote it (`cd '…'`).
        let blank2 = root.appendingPathComponent("my work")
        try FileManager.default.createDirectory(at: blank2, withIntermediateDirectories: true)
        let fromBlank = try Tool.run(["batch", root.appendingPathComponent("scenario.yaml").path, "--districts", root.path + "/districts/*",
                                      "--emit-slurm", root.appendingPathComponent("jobs").path], cwd: blank2)
        #expect(fromBlank.status == 0, "\(fromBlank.stderr)")
        #expect(try text(root.appendingPathComponent("jobs/shards.sbatch")).contains("\ncd '\(root.resolvingSymlinksInPath().path)/my work'\n"))
        for name in ["other", "my jobs", "slurm2"] {
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path), "\(name) was created")
        }
    }

    /// An array task run as Slurm would run it (bash, `SLURM_ARRAY_TASK_ID` set): a shard whose
    /// district failed exits 65 with its folder written, and the task completes (0) so that the
    /// merge runs; when the batch refuses before writing (65 too, a change that names a site),
    /// the earlier run's folder is no proof and the task fails with the batch's code.
    @Test func aTaskCompletesWithFailedRowsButNotWhenTheBatchDidNotRun() throws {
        let root = try districts([("a", 6, 5)])
        defer { try? FileManager.default.removeItem(at: root) }
        let broken = root.appendingPathComponent("districts/broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "name: [not closed\n".write(to: broken.appendingPathComponent("district.yaml"), atomically: true, encoding: .utf8)
        #expect(try emit(root, ["--jobs", "1", "--shards", "1", "--emit-slurm", "slurm"]).status == 0)
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_ARRAY_TASK_ID"] = "0"
        let task = [root.appendingPathComponent("slurm/shards.sbatch").path]
        let bash = URL(fileURLWithPath: "/bin/bash")
        let first = try Tool.run(task, program: bash, cwd: root, environment: environment)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let table = try text(root.appendingPathComponent("slurm/shards/0/batch.csv"))
        #expect(table.contains("districts/broken,broken,,failed,66,"), "\(table)")
        try "name: slurm-test\nchanges:\n  - close_site: H-S01\n"
            .write(to: root.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let second = try Tool.run(task, program: bash, cwd: root, environment: environment)
        #expect(second.status == 65, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stderr.contains("scenario.yaml:3: close_site names site 'H-S01' of one district"), "\(second.stderr)")
    }

    /// The scripts' one-pass assignment of every shard is the batch's own rule, shard by shard
    /// (sizes with ties, so that the path hash decides some places).
    @Test func everyShardAtOnceIsTheBatchsShardRule() {
        let sizes = [900, 500, 500, 500, 420, 300, 300, 80, 80, 80, 80, 0, 7]
        let districts = sizes.enumerated().map { k, bytes in BatchDistrict(path: "GeoData/d\(k)", folder: "d\(k)", inputBytes: bytes) }
        for count in [1, 2, 3, 5, 13] {
            let all = BatchDistricts.shards(districts, count: count)
            #expect(all == (1...count).map { BatchDistricts.shard(districts, index: $0, count: count) }, "count \(count)")
        }
    }

    /// Times past a day in Slurm's days-hours:minutes:seconds; memory rounded up to whole MiB.
    @Test func resourceTextAndRounding() {
        #expect(SlurmResources(cpus: 1, memoryMiB: 1, minutes: 1505).time == "1-01:05:00")
        #expect(SlurmResources(cpus: 1, memoryMiB: 1, minutes: 59).time == "0-00:59:00")
        // 1.5 × 2 MiB = 3 MiB exactly; 1.5 × (2 MiB + 1 B) is 3 MiB and 1.5 B: 4 MiB.
        #expect(SlurmResources.shard(estimates: [2 << 20], jobs: 1).memoryMiB == 3)
        #expect(SlurmResources.shard(estimates: [(2 << 20) + 1], jobs: 1).memoryMiB == 4)
        // Four districts of 100 MiB, two at a time: 5 + ⌈4 × 2 / 2⌉ = 9 minutes, 1.5 × 200 MiB.
        #expect(SlurmResources.shard(estimates: Array(repeating: 100 << 20, count: 4), jobs: 2)
                == SlurmResources(cpus: 2, memoryMiB: 300, minutes: 9))
    }

}
