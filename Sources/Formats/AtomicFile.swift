import Foundation
import Model

/// Writes outputs through a temporary file in the same folder, renamed into place only when
/// complete, so that a failure never leaves a partial file under the final name. A temporary
/// left by a killed process (`.<name>.<PID>.tmp`, its PID gone) is removed by the next write.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            Leftovers.removeTemporaries(besideFile: path)
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw InputError(.ioError, file: path, .file, "cannot be renamed into place: \(String(cString: strerror(errno)))")
            }
        } catch let error as InputError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw InputError(.ioError, file: path, .file, "cannot be written: \(error.localizedDescription)")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
