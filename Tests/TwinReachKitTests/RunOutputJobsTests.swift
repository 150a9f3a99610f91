import Foundation
import Model
import Testing
@testable import TwinReachKit

/// The run's output files are written as separate jobs on the run's threads.
@Suite struct RunOutputJobsTests {
    /// Counts the jobs running at once.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var running = 0, most = 0, ran: [Int] = []
        func enter(_ k: Int) { lock.lock(); running += 1; most = max(most, running); ran.append(k); lock.unlock() }
        func leave() { lock.lock(); running -= 1; lock.unlock() }
    }

    static func jobs(_ count: Int, _ gauge: Gauge, failing: Set<Int> = []) -> [@Sendable (MessageLog) throws -> Void] {
        (0..<count).map { k in
            { log in
                gauge.enter(k)
                defer { gauge.leave() }
                usleep(20_000)
                log.add("job \(k) a")
                log.add("job \(k) b")
                if failing.contains(k) { throw InputError(.ioError, file: "file \(k)", .file, "cannot be written") }
            }
        }
    }

    @Test func everyJobRunsOnceOnAtMostTheThreadsAsked() throws {
        for threads in [1, 2, 3] {
            let gauge = Gauge()
            let logs = try RunOutputs.concurrently(Self.jobs(5, gauge), threads: threads)
            #expect(gauge.ran.sorted() == [0, 1, 2, 3, 4])
            #expect(gauge.most <= threads)
            // Each job's messages stay together and in the jobs' order, whatever thread ran it.
            #expect(logs.flatMap(\.all) == (0..<5).flatMap { ["job \($0) a", "job \($0) b"] })
        }
    }

    @Test func theFirstFailedJobInOrderIsTheError() {
        let gauge = Gauge()
        #expect(throws: InputError(.ioError, file: "file 1", .file, "cannot be written")) {
            _ = try RunOutputs.concurrently(Self.jobs(4, gauge, failing: [3, 1]), threads: 2)
        }
        // The other jobs still ran to their end (their files are in the staging folder, removed with it).
        #expect(gauge.ran.sorted() == [0, 1, 2, 3])
    }

    /// The first job makes what later jobs wait for (the gap areas and the maps' input): on one
    /// thread or two they get its value, and when making it fails they fail with its error.
    @Test func laterJobsWaitForWhatTheFirstMakes() throws {
        for threads in [1, 2] {
            let shared = Awaited<Int>()
            let got = Gauge()
            var jobs: [@Sendable (MessageLog) throws -> Void] = [{ _ in try shared.make { usleep(50_000); return 42 } }]
            for _ in 0..<3 { jobs.append { _ in got.enter(try shared.value()); got.leave() } }
            _ = try RunOutputs.concurrently(jobs, threads: threads)
            #expect(got.ran == [42, 42, 42], "threads \(threads)")

            let failing = Awaited<Int>()
            let error = InputError(.internalError, file: "gaps.geojson", .file, "dissolving gap cells failed")
            let waiting: [@Sendable (MessageLog) throws -> Void] = [
                { _ in try failing.make { throw error } },
                { _ in _ = try failing.value() },
            ]
            #expect(throws: error) { _ = try RunOutputs.concurrently(waiting, threads: threads) }
        }
    }
}
