import Formats
import Foundation
import Model

/// The rules for a command's single output file (`measure --output`, `optimize --output`,
/// `grid --out`), written through a temporary file and renamed (`AtomicFile`). The file's folder
/// must exist: nothing is created that was not asked for. An existing path is replaced only when
/// it is a regular file the same command wrote, recognised by the bytes every output of that
/// command begins with (`signature`); an input of the command, or any other file, is refused
/// with exit 73 and a message saying why, and left as it was.
public struct OutputFile: Sendable {
    let command: String
    let option: String
    /// The bytes every output of the command begins with.
    let signature: String
    /// The signature as a reader would recognise it.
    let described: String

    /// measure's CSV: its header line.
    public static let measure = OutputFile(command: "measure", option: "--output", signature: "id,value\n",
                                           described: "its first line is not id,value")
    /// optimize's JSON: its first key, `"written_by": "twinreach optimize"`.
    public static let optimize = OutputFile(command: "optimize", option: "--output",
                                            signature: "{\n  \"written_by\": \"twinreach optimize\",\n",
                                            described: "it does not begin with \"written_by\": \"twinreach optimize\"")
    /// grid's GeoJSON: the FeatureCollection's foreign member `"twinreach": "grid"` (RFC 7946 §6.1).
    public static let grid = OutputFile(command: "grid", option: "--out",
                                        signature: "{\"type\":\"FeatureCollection\",\"twinreach\":\"grid\",",
                                        described: "its FeatureCollection has no \"twinreach\": \"grid\" member")

    /// Refuses an output path the command may not write (see the type's rules); call before the
    /// work and again just before writing.
    func checkReplaceable(_ path: String, inputs: [OutputFolder.Input]) throws {
        guard !path.isEmpty else { throw InputError(.usage, file: option, .file, "is empty: give a file for the output") }
        let fix = "choose another \(option) path"
        // Through URL: NSString.deletingLastPathComponent traps on a one-character relative path
        // ("x") in swift-corelibs-foundation.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(.cantCreate, file: path, .file, "its folder \(folder) does not exist; create it, or \(fix)")
        }
        try AtomicFile.requireReplaceable(path)
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let real = OutputFolder.realPath(path)
        for input in inputs where OutputFolder.realPath(input.path) == real {
            throw InputError(.cantCreate, file: path, .file, "is \(input.what), which \(command) would replace; \(fix)")
        }
        guard written(path) else {
            throw InputError(.cantCreate, file: path, .file,
                             "exists and is not a file twinreach \(command) wrote (\(described)); \(command) replaces only its own output: move it away, or \(fix)")
        }
    }

    /// Whether the file begins with the command's signature.
    func written(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let expected = Data(signature.utf8)
        let head = (try? handle.read(upToCount: expected.count)) ?? nil
        return head == expected
    }
}
