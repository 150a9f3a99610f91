import Foundation
import Model
import RoadGraphs

/// One district folder a batch found.
public struct BatchDistrict: Sendable, Hashable {
    /// The folder as the glob found it (no trailing `/`): the batch tables' key.
    public var path: String
    /// Its last path component: its run folder is `districts/<folder>` in the batch folder.
    public var folder: String
    /// The bytes of its input files (`DistrictInputs.names`): what sharding balances.
    public var inputBytes: Int
}

/// The districts of a batch: the folders a glob finds, and the deterministic slice a shard runs.
public enum BatchDistricts {
    /// The folders `pattern` (a shell glob, `glob(3)`) matches, in byte order of their paths. A
    /// match that is a folder is a district (one without `district.yaml` fails in its row); a
    /// match that is a `district.yaml` names its folder; other files are passed over. No
    /// district, or two with the same folder name (their run folders would clash), is refused.
    public static func find(_ pattern: String) throws -> [BatchDistrict] {
        guard !pattern.isEmpty else { throw InputError(.usage, file: "--districts", .file, "is empty: give a glob of district folders, e.g. 'GeoData/*'") }
        var paths = Set<String>()
        for match in globMatches(pattern) {
            let trimmed = match.count > 1 && match.hasSuffix("/") ? String(match.dropLast()) : match
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: trimmed, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                paths.insert(trimmed)
            } else if trimmed == "district.yaml" {
                paths.insert(".")
            } else if trimmed.hasSuffix("/district.yaml") {
                let folder = String(trimmed.dropLast("/district.yaml".count))
                paths.insert(folder.isEmpty ? "/" : folder)
            }
        }
        guard !paths.isEmpty else {
            throw InputError(.missingInput, file: "--districts", .file,
                             "'\(pattern)' matches no district folder (quote the glob so that the shell does not expand it)")
        }
        let districts = paths.sorted(by: byteOrder).map { path in
            BatchDistrict(path: path, folder: lastComponent(path), inputBytes: inputBytes(of: path))
        }
        var seen: [String: String] = [:]
        for d in districts {
            if let earlier = seen[d.folder] {
                throw InputError(.usage, file: "--districts", .file,
                                 "two districts have the folder name '\(d.folder)' (\(earlier) and \(d.path)): each runs into districts/<folder name>; give a glob whose folders have distinct names")
            }
            seen[d.folder] = d.path
        }
        return districts
    }

    /// The districts shard `index` of `count` (1-based) runs, by the rule of `shards(_:count:)`.
    public static func shard(_ districts: [BatchDistrict], index: Int, count: Int) -> [BatchDistrict] {
        guard count >= 1, (1...count).contains(index) else { return [] }
        return shards(districts, count: count)[index - 1]
    }

    /// Parses `I/N` (1 ≤ I ≤ N ≤ 100,000).
    public static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, i >= 1, i <= n else {
            throw InputError(.usage, file: "--shard", .file, "'\(text)' is not I/N with 1 ≤ I ≤ N ≤ 100000 (e.g. 2/8: the second of eight shards)")
        }
        return (i, n)
    }

    /// The path's last component (`GeoData/andorra` → `andorra`, `/` → `/`).
    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The stable hash sharding orders by (not Swift's per-process `Hasher`).
    static func pathHash(_ path: String) -> UInt64 {
        var h = FNV1a64()
        h.update(Array(path.utf8))
        return h.value
    }

    /// Byte order of the UTF-8 text: the order of every batch table.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The bytes of the district's input files that exist.
    static func inputBytes(of folder: String) -> Int {
        DistrictInputs.names.reduce(0) { total, name in
            let path = (folder as NSString).appendingPathComponent(name)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            return total + size
        }
    }

    /// `glob(3)`'s matches (none when it matches nothing or fails).
    static func globMatches(_ pattern: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        guard glob(pattern, 0, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { k in found.gl_pathv[k].map { String(cString: $0) } }
    }
}
