import Foundation
import Testing
import TestSupport

/// `scripts/test-slurm.sh` from `swift test`: a real single-node Slurm cluster runs the emitted
/// shard array and merge job, and the merged batch must equal the local run byte for byte.
/// It needs root and Debian's slurm-wlm and munge; elsewhere it is skipped. Under CI the script
/// runs in its own step of `.ci/run`, before `swift test`, so that the cluster runs once: here
/// the test then checks that the step is there (and fails when it is not).
@Suite struct SlurmClusterTests {
    static let daemons = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch"]

    @Test func shardsMergedOnSlurmEqualTheLocalBatch() throws {
        if Paths.isCI {
            let steps = try String(contentsOf: Paths.repo.appendingPathComponent(".ci/run"), encoding: .utf8)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let slurm = steps.firstIndex { $0.hasPrefix("scripts/test-slurm.sh") }
            let tests = steps.firstIndex { $0.hasPrefix("swift test") }
            guard let slurm, let tests, slurm < tests else {
                Issue.record(".ci/run does not run scripts/test-slurm.sh before swift test: the Slurm test would not run in CI")
                return
            }
            try Test.cancel("scripts/test-slurm.sh ran in .ci/run's own step, before swift test")
        }
        guard getuid() == 0, Self.daemons.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else {
            try Test.cancel("needs root and the packages slurm-wlm and munge: skipped")
        }
        let script = Paths.repo.appendingPathComponent("scripts/test-slurm.sh")
        let result = try Tool.run(["--bin", Tool.executable.path, "--timeout", "300"], program: script)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("test-slurm: ok: the merged batch of 3 shards equals the local run byte for byte"), "\(result.stdout)")
    }
}
