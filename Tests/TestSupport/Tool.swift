import Foundation

/// What a run of the `twinreach` executable printed and how it exited.
public struct ToolResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum Tool {
    /// The `twinreach` built beside the test bundle (`swift test` builds every product).
    public static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        // The runner may be inside `X.xctest/` or be the bundle itself.
        while dir.pathExtension == "xctest" || !FileManager.default.fileExists(atPath: dir.appendingPathComponent("twinreach").path) {
            let up = dir.deletingLastPathComponent()
            if up.path == dir.path { break }
            dir = up
        }
        let candidate = dir.appendingPathComponent("twinreach")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return Paths.repo.appendingPathComponent(".build/debug/twinreach")
    }

    /// Starts `twinreach ARGS` without waiting, its output discarded (for tests that stop it).
    public static func start(_ arguments: [String], cwd: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `twinreach ARGS` (or another program) and captures both streams.
    public static func run(_ arguments: [String], program: URL? = nil, cwd: URL? = nil,
                           environment: [String: String]? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }
}
