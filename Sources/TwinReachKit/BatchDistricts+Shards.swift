import Foundation

extension BatchDistricts {
    /// Every shard's districts (element k is shard k+1). The rule, the same on every machine:
    /// districts by input size, largest first (equal sizes by the FNV-1a 64 hash of the path's
    /// UTF-8 bytes, then by the path), each to the shard with the fewest input bytes so far (on a
    /// tie, the lowest shard number). Every district is in exactly one shard; each shard lists
    /// its districts in byte order of their paths.
    public static func shards(_ districts: [BatchDistrict], count: Int) -> [[BatchDistrict]] {
        guard count >= 1 else { return [] }
        let order = districts.sorted { a, b in
            if a.inputBytes != b.inputBytes { return a.inputBytes > b.inputBytes }
            let ha = pathHash(a.path), hb = pathHash(b.path)
            return ha != hb ? ha < hb : byteOrder(a.path, b.path)
        }
        var load = Array(repeating: 0, count: count)
        var shards = Array(repeating: [BatchDistrict](), count: count)
        for d in order {
            let lightest = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 } ?? 0
            load[lightest] += d.inputBytes
            shards[lightest].append(d)
        }
        return shards.map { $0.sorted { byteOrder($0.path, $1.path) } }
    }
}
