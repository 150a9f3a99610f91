import Foundation

/// Temporary files and folders that a TwinReach process names after its process id (a run's
/// staging folder, a store or output being written), found again after that process was killed.
/// Only names of the exact form `prefix + PID + rest`, with a PID whose process is gone, count:
/// anything else in the folder is not ours and is left alone.
public enum Leftovers {
    /// Whether no process has this id: `kill(pid, 0)` fails with ESRCH. A process of another
    /// user (EPERM) is alive, and so is this one.
    public static func processIsGone(_ pid: Int32) -> Bool {
        guard pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The names in `folder` that are `prefix`, a PID of a process that is gone, then a rest
    /// accepted by `rest` (e.g. `.tmp`); an unreadable folder has none.
    public static func names(in folder: String, prefix: String, rest: (Substring) -> Bool) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { name in
            guard name.hasPrefix(prefix) else { return false }
            let tail = name.dropFirst(prefix.count)
            let digits = tail.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 10, let pid = Int32(digits), rest(tail.dropFirst(digits.count)) else { return false }
            return processIsGone(pid)
        }.sorted()
    }

    /// Removes the temporary files of a dead process beside `path` named `.<file name>.<PID>.tmp`
    /// (how `AtomicFile` and `GeoJSONWriter` write); best effort.
    public static func removeTemporaries(besideFile path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        for name in names(in: folder, prefix: ".\(url.lastPathComponent).", rest: { $0 == ".tmp" }) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }
}
