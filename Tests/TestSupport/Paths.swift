import Foundation
import Testing

/// Locations the tests read from: the repository and the shared data beside it.
public enum Paths {
    /// The repository root (this file is Tests/TestSupport/Paths.swift).
    public static let repo: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository.
    public static let shared: URL = repo.deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether we run under CI, where the shared data must be present.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// A file under `../shared`. When it is absent outside CI the running test is cancelled,
    /// so it is reported as skipped, never as passed; under CI a missing file is a failure, so
    /// that a green CI always means the real data was used. (Never nil: the Optional is kept
    /// for the callers' `guard let`, which now never takes its `else`.)
    public static func sharedFile(_ relative: String) throws -> URL? {
        let url = shared.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        if isCI { throw MissingSharedData(path: url.path) }
        try Test.cancel("\(url.path) is absent: skipped outside CI")
    }

    /// A fresh empty scratch folder for one test, inside this test process's own folder
    /// (`$TMPDIR/twinreach-tests-<PID>`), which is removed when the process exits; the folders
    /// of test processes that were killed (their PID gone) are removed by the next one.
    public static func scratch(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = scratchRoot.appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// This process's scratch folder, made (and its removal at exit arranged) on first use.
    public static let scratchRoot: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeScratchOfGoneProcesses(in: temporary)
        atexit { Paths.removeScratchRoot() }
        return temporary.appendingPathComponent("\(scratchPrefix)\(getpid())")
    }()

    static let scratchPrefix = "twinreach-tests-"

    static func removeScratchRoot() {
        try? FileManager.default.removeItem(at: scratchRoot)
    }

    /// Removes `twinreach-tests-<PID>` folders whose process is gone (a test run that was killed).
    static func removeScratchOfGoneProcesses(in folder: URL) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in entries where name.hasPrefix(scratchPrefix) {
            guard let pid = Int32(name.dropFirst(scratchPrefix.count)), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}

public struct MissingSharedData: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "CI is set but the shared data \(path) is missing" }
}
