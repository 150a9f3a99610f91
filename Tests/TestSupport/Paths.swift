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

    /// A fresh empty scratch folder for one test.
    public static func scratch(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("twinreach-tests-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

public struct MissingSharedData: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "CI is set but the shared data \(path) is missing" }
}
