import Foundation

/// One folder per fuzzing process, under the system temporary folder, where each input is
/// written before a reader opens it (the readers take paths, as the CLI gives them).
public enum Scratch {
    public static let folder: String = {
        let path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("twinreach-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `size` bytes at `data` to `name` inside `folder` (or the process folder) and
    /// returns its path.
    public static func write(_ data: UnsafePointer<UInt8>?, _ size: Int, name: String, in folder: String? = nil) -> String {
        let path = ((folder ?? Scratch.folder) as NSString).appendingPathComponent(name)
        let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
        FileManager.default.createFile(atPath: path, contents: bytes)
        return path
    }

    /// The repository root: the `TWINREACH_REPO` environment variable, else the parent of the
    /// current folder when it is `Fuzz/`, else the current folder.
    public static let repo: String = {
        if let env = ProcessInfo.processInfo.environment["TWINREACH_REPO"] { return env }
        let cwd = FileManager.default.currentDirectoryPath
        return (cwd as NSString).lastPathComponent == "Fuzz" ? (cwd as NSString).deletingLastPathComponent : cwd
    }()
}
