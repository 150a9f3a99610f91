import Foundation
import Formats
import Model

/// `batch.json`: a batch folder's results as data, numbers printed so that they read back
/// equal, so that `batch merge` writes the very bytes one unsharded batch writes.
enum BatchJSON {
    static let writtenBy = "twinreach batch"
    static let format = 1

    static func text(_ result: BatchResult) -> String {
        var j = JSONText()
        j.raw("{\n  \"written_by\": "); j.string(writtenBy)
        j.raw(",\n  \"format\": "); j.integer(Int64(format))
        j.raw(",\n  \"version\": "); j.string(result.version)
        j.raw(",\n  \"scenario\": "); j.string(result.scenario)
        j.raw(",\n  \"scenario_fnv1a64\": "); j.string(result.scenarioHash)
        j.raw(",\n  \"districts_glob\": "); j.string(result.glob)
        j.raw(",\n  \"districts_total\": "); j.integer(Int64(result.districtsTotal))
        j.raw(",\n  \"districts_fnv1a64\": "); j.string(result.districtsHash)
        if let shard = result.shard { j.raw(",\n  \"shard\": "); j.string(shard) }
        j.raw(",\n  \"rows\": [")
        for (k, row) in result.rows.enumerated() {
            j.raw(k == 0 ? "\n    {" : ",\n    {")
            j.raw("\"district\": "); j.string(row.district)
            j.raw(", \"folder\": "); j.string(row.folder)
            j.raw(", \"name\": "); j.string(row.name)
            j.raw(", \"exit_code\": "); j.integer(Int64(row.exitCode))
            j.raw(", \"error\": "); j.string(row.error)
            j.raw(", \"inputs_fnv1a64\": "); j.string(row.inputsHash)
            j.raw(", \"figures\": "); figures(row.figures, names: BatchMeasures.districtNames, into: &j)
            j.raw(", \"subdistricts\": [")
            for (s, area) in row.subdistricts.enumerated() {
                j.raw(s == 0 ? "{" : ", {")
                j.raw("\"id\": "); j.string(area.id)
                j.raw(", \"name\": "); j.string(area.name)
                j.raw(", \"figures\": "); figures(area.figures, names: BatchMeasures.areaNames, into: &j)
                j.raw("}")
            }
            j.raw("]}")
        }
        j.raw(result.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return j.text
    }

    private static func figures(_ values: [Double?], names: [String], into j: inout JSONText) {
        j.raw("{")
        for (k, (name, value)) in zip(names, values).enumerated() {
            if k > 0 { j.raw(", ") }
            j.string(name); j.raw(": ")
            if let value { j.number(value) } else { j.raw("null") }
        }
        j.raw("}")
    }

    /// Reads a batch folder's `batch.json`; a file that is not one is bad data naming what is wrong.
    static func read(folder: String) throws -> BatchResult {
        let path = (folder as NSString).appendingPathComponent("batch.json")
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(.missingInput, file: folder, .file, "is not a batch folder: it has no batch.json (give the --out folders of twinreach batch)")
        }
        let reader = Reader(path: path)
        let root = try JSONValue.read(path: path)
        guard root["written_by"]?.string == writtenBy else { throw reader.bad("is not the batch.json of twinreach batch (no \"written_by\": \"\(writtenBy)\")") }
        guard root["format"]?.number == Double(format) else { throw reader.bad("has format \(root["format"]?.number.map { "\($0)" } ?? "none"), this twinreach reads format \(format)") }
        guard let rows = root["rows"]?.array else { throw reader.bad("has no \"rows\" list") }
        return BatchResult(version: try reader.string(root, "version"), scenario: try reader.string(root, "scenario"),
                           scenarioHash: try reader.string(root, "scenario_fnv1a64"), glob: try reader.string(root, "districts_glob"),
                           districtsTotal: try reader.count(root, "districts_total"), districtsHash: try reader.string(root, "districts_fnv1a64"),
                           shard: root["shard"]?.string, rows: try rows.map(reader.row))
    }

    /// Field readers that name the file and the field in their errors.
    struct Reader {
        let path: String

        func bad(_ message: String) -> InputError { InputError(.badData, file: path, .file, message) }

        func string(_ object: JSONValue, _ key: String) throws -> String {
            guard let s = object[key]?.string else { throw bad("\"\(key)\" is missing or not a string") }
            return s
        }

        func count(_ object: JSONValue, _ key: String) throws -> Int {
            guard let n = object[key]?.number, n >= 0, n <= 1e9, n == n.rounded() else { throw bad("\"\(key)\" is missing or not a count") }
            return Int(n)
        }

        func figures(_ object: JSONValue, names: [String]) throws -> [Double?] {
            guard let map = object["figures"]?.object else { throw bad("a row has no \"figures\" object") }
            return try names.map { name in
                switch map[name] {
                case .number(let n): return n
                case .null: return nil
                default: throw bad("figure \"\(name)\" is missing or not a number (written by another version?)")
                }
            }
        }

        func row(_ value: JSONValue) throws -> BatchRow {
            let code = try count(value, "exit_code")
            guard code <= 255 else { throw bad("\"exit_code\" \(code) is not an exit code") }
            let areas = try (value["subdistricts"]?.array ?? []).map { a in
                BatchArea(id: try string(a, "id"), name: try string(a, "name"), figures: try figures(a, names: BatchMeasures.areaNames))
            }
            return BatchRow(district: try string(value, "district"), folder: try string(value, "folder"), name: try string(value, "name"),
                            exitCode: code, error: try string(value, "error"), inputsHash: try string(value, "inputs_fnv1a64"),
                            figures: try figures(value, names: BatchMeasures.districtNames), subdistricts: areas)
        }
    }
}
