import Foundation
import Model

/// Writes outputs through a temporary file in the same folder, renamed into place only when
/// complete, so that a failure never leaves a partial file under the final name. A temporary
/// left by a killed process (`.<name>.<PID>.tmp`, its PID gone) is removed by the next write.
public enum AtomicFile {
    /// Refuses (exit 73) an output path that exists and is not a regular file: the rename would
    /// replace a device (`--output /dev/null`), a FIFO, a folder's entry or a symbolic link with
    /// our file, and a command never replaces what it did not write.
    public static func requireReplaceable(_ path: String) throws {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
              type != .typeRegular else { return }
        let what = switch type {
        case .typeDirectory: "a folder"
        case .typeSymbolicLink: "a symbolic link"
        case .typeCharacterSpecial, .typeBlockSpecial: "a device"
        default: "not a regular file"
        }
        throw InputError(.cantCreate, file: path, .file, "is \(what); an output is written only as a new or regular file")
    }

    public static func write(_ data: Data, to path: String) throws {
        try requireReplaceable(path)
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
