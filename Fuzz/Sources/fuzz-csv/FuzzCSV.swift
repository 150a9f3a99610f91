import Formats
import FuzzSupport
import Model

/// The CSV reader and the readers built on it, on arbitrary bytes: every field of every record
/// as text and number, the keyed tables of `measure` (`id,pop`, `id,capacity`) and the pair
/// matrix (`origin,destination,minutes`, both its fast and its general path, one and two
/// threads, unknown destinations added and dropped).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.write(data, size, name: "table.csv")
    if var reader = try? CSVReader(path: path) {
        _ = reader.optionalColumn("id")
        try? reader.forEach { record in
            for index in 0..<record.count {
                _ = record.string(index)
                _ = record.double(index)
                _ = record.isEmpty(index)
            }
        }
    }
    _ = try? KeyedTableReader.read(path: path, valueColumn: "pop")
    _ = try? KeyedTableReader.read(path: path, valueColumn: "capacity")
    for threads in [1, 2] {
        for unknown in [PairMatrixReader.UnknownDestinations.add, .drop] {
            if let matrix = try? PairMatrixReader.read(path: path, origins: Tables.cells, destinations: Tables.sites,
                                                       unknownDestinations: unknown, threads: threads) {
                _ = matrix.pairCount
                _ = matrix.extraDestinations.count
            }
        }
    }
    return 0
}

/// The ids of the peer case `tiny` (cells c1–c6, sites s1–s3).
enum Tables {
    static let cells = table(["c1", "c2", "c3", "c4", "c5", "c6"])
    static let sites = table(["s1", "s2", "s3"])
    static func table(_ ids: [String]) -> IdTable {
        var table = IdTable()
        for id in ids { _ = table.insert(id) }
        return table
    }
}

/// The executable's entry (SwiftPM links `main` as `fuzz_csv_main`): libFuzzer's loop.
@_cdecl("fuzz_csv_main")
public func fuzz_csv_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzCSV)
}
