import Foundation
import Testing
import Model
import TestSupport
@testable import Formats

@Suite struct PairMatrixReaderTests {
    private func write(_ text: String, _ name: String = "matrix.csv") throws -> String {
        let url = try Paths.scratch().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func table(_ ids: [String]) -> IdTable {
        var table = IdTable()
        for id in ids { table.insert(id) }
        return table
    }

    /// All kept rows as (origin id, destination id, minutes), in order.
    private func rows(_ matrix: PairMatrix, _ origins: IdTable, _ destinations: IdTable) -> [String] {
        var out: [String] = []
        for segment in matrix.segments {
            for k in 0..<segment.count {
                let d = Int(segment.destinations[k])
                let destination = d < destinations.count ? destinations.string(d) : "+" + matrix.extraDestinations.string(d - destinations.count)
                out.append("\(origins.string(Int(segment.origins[k]))),\(destination),\(segment.minutes[k])")
            }
        }
        return out
    }

    @Test func keepsCellRowsAndAddsUnknownSites() throws {
        let path = try write("origin,destination,minutes\nc1,s1,5.0000\nx1,s1,3\r\nc1,sU,1e1\n\nc2,\"s1\",7.25\n")
        let cells = table(["c1", "c2"]), sites = table(["s1"])
        let matrix = try PairMatrixReader.read(path: path, origins: cells, destinations: sites)
        #expect(rows(matrix, cells, sites) == ["c1,s1,5.0", "c1,+sU,10.0", "c2,s1,7.25"])
        let dropped = try PairMatrixReader.read(path: path, origins: cells, destinations: sites, unknownDestinations: .drop)
        #expect(rows(dropped, cells, sites) == ["c1,s1,5.0", "c2,s1,7.25"])
    }

    @Test func fastPathHandlesCRLFBlankLinesExtraColumnsAndNoFinalNewline() throws {
        let cells = table(["c1", "c2"]), sites = table(["s1"])
        let fast = try write("origin,destination,minutes,note\r\nc1,s1,5.0000,a\r\n\r\nx1,s1,3,b\nc1,sU,1e1,c\n\nc2,s1, 7.25 ,d")
        let expected = ["c1,s1,5.0", "c1,+sU,10.0", "c2,s1,7.25"]
        #expect(rows(try PairMatrixReader.read(path: fast, origins: cells, destinations: sites), cells, sites) == expected)
        // The same rows with a quoted field go through the general reader.
        let quoted = try write("origin,destination,minutes,note\r\nc1,s1,5.0000,\"a\"\r\n\r\nx1,s1,3,b\nc1,sU,1e1,c\n\nc2,s1, 7.25 ,d", "q.csv")
        #expect(rows(try PairMatrixReader.read(path: quoted, origins: cells, destinations: sites), cells, sites) == expected)
        // A short row is named by its line in both, blank lines counted.
        let short = try write("origin,destination,minutes,note\nc1,s1,5,a\n\nc2,s1,6\n", "short.csv")
        #expect(throws: InputError(file: short, .line(4), "has 3 fields, the header has 4")) {
            _ = try PairMatrixReader.read(path: short, origins: cells, destinations: sites)
        }
    }

    @Test func badRowsNameTheirLine() throws {
        let cells = table(["c1", "c2"]), sites = table(["s1", "s2"])
        let cases: [(String, Int, String)] = [
            ("c1,s1,5\nc1,s2,abc\n", 3, "minutes 'abc' is not a number"),
            ("c1,s1,5\nc2,s2,-1.5\n", 3, "minutes -1.5 is negative"),
            ("c1,s1,nan\n", 2, "minutes 'nan' is not a number"),
            // Infinite minutes (issue 10): no travel time, refused like NaN, in both readers.
            ("c1,s1,5\nc1,s2,inf\n", 3, "minutes 'inf' is not finite"),
            ("c1,s1,Infinity\n", 2, "minutes 'Infinity' is not finite"),
            ("c1,s1,1e400\n", 2, "minutes '1e400' is not finite"),
            ("\"c1\",s1,5\nc1,s2,1e400\n", 3, "minutes '1e400' is not finite"),
            ("c1,s1,5\n\nc1,s2\n", 4, "has 2 fields, the header has 3"),
            ("c1,s1,\n", 2, "minutes is empty"),
            // Non-cell rows are checked too.
            ("x9,s1,-2\n", 2, "minutes -2 is negative"),
            // A repeat inside a run of one origin, and one across runs.
            ("c1,s1,5\nc1,s2,6\nc1,s1,7\n", 4, "the pair origin 'c1', destination 's1' is listed twice"),
            ("c1,s1,5\nc2,s2,6\nc1,s1,7\n", 4, "the pair origin 'c1', destination 's1' is listed twice"),
            // The general reader (quoted field) says the same.
            ("\"c1\",s1,5\nc1,s1,abc\n", 3, "minutes 'abc' is not a number"),
        ]
        for (body, line, message) in cases {
            let path = try write("origin,destination,minutes\n" + body)
            #expect(throws: InputError(file: path, .line(line), message), "\(body)") {
                _ = try PairMatrixReader.read(path: path, origins: cells, destinations: sites)
            }
        }
        #expect(throws: InputError(.missingInput, file: "/nonexistent/m.csv", .file, "no such file")) {
            _ = try PairMatrixReader.read(path: "/nonexistent/m.csv", origins: cells, destinations: sites)
        }
    }

    /// A matrix large enough to be split between threads: the same rows, in the same order,
    /// with extra sites numbered by first appearance, whatever the thread count and whichever
    /// reader (fast or quoted/general) reads it.
    @Test func threadsAndReadersAgree() throws {
        var text = "origin,destination,minutes\n"
        var quoted = text
        var cellIds: [String] = []
        for i in 0..<6000 {
            cellIds.append("c\(i)")
            for j in stride(from: i % 7, to: 60, by: 3) {
                let site = j % 10 == 9 ? "u\(j)" : "s\(j)"  // some sites only in the matrix
                let minutes = String(format: "%.4f", Double((i * 31 + j * 17) % 9000) / 100)
                text += "c\(i),\(site),\(minutes)\n"
                quoted += "\"c\(i)\",\(site),\(minutes)\r\n"
            }
        }
        text += "x1,s1,3\n"
        let cells = table(cellIds), sites = table((0..<60).filter { $0 % 10 != 9 }.map { "s\($0)" })
        let path = try write(text), quotedPath = try write(quoted, "quoted.csv")
        let reference = try PairMatrixReader.read(path: path, origins: cells, destinations: sites, threads: 1)
        #expect(reference.pairCount == text.split(separator: "\n").count - 2)
        let expected = rows(reference, cells, sites)
        for threads in [2, 3] {
            let matrix = try PairMatrixReader.read(path: path, origins: cells, destinations: sites, threads: threads)
            #expect(matrix.segments.count >= 2)
            #expect(rows(matrix, cells, sites) == expected)
            #expect((0..<matrix.extraDestinations.count).map { matrix.extraDestinations.string($0) }
                    == (0..<reference.extraDestinations.count).map { reference.extraDestinations.string($0) })
        }
        let general = try PairMatrixReader.read(path: quotedPath, origins: cells, destinations: sites)
        #expect(rows(general, cells, sites) == expected)
        #expect(general.segments.count == 1)
    }

    @Test func keyedTablesRejectBadValuesAndRepeats() throws {
        let cases: [(String, Int, String)] = [
            ("a,1\nb,x\n", 3, "pop 'x' is not a number"),
            ("a,1\nb,-3\n", 3, "pop -3 is negative"),
            ("a,1\nb,\n", 3, "pop is empty"),
            ("a,1\nb,inf\n", 3, "pop 'inf' is not finite"),
            ("a,1\nb,2\na,3\n", 4, "id 'a' appears twice (first on line 2)"),
            (",4\n", 2, "id is empty"),
        ]
        for (body, line, message) in cases {
            let path = try write("id,pop\n" + body, "population.csv")
            #expect(throws: InputError(file: path, .line(line), message), "\(body)") {
                _ = try KeyedTableReader.read(path: path, valueColumn: "pop")
            }
        }
        let path = try write("capacity,id\n3,s1\n0,\"s,2\"\n", "supply.csv")
        let supply = try KeyedTableReader.read(path: path, valueColumn: "capacity")
        #expect(supply.values == [3, 0])
        #expect(supply.ids.index(of: "s,2") == 1)
    }

    @Test func idTableSortsByBytes() {
        var ids = IdTable()
        for id in ["b", "a10", "a9", "É", "Z", "a"] { ids.insert(id) }
        #expect(ids.indicesSortedByBytes().map { ids.string($0) } == ["Z", "a", "a10", "a9", "b", "É"])
        #expect(ids.index(of: "a9") == 2 && ids.index(of: "a1") == nil)
        // Many ids: lookups survive the table growing.
        for k in 0..<5000 { ids.insert("id\(k)") }
        #expect(ids.index(of: "id4999") == 6 + 4999 && ids.index(of: "b") == 0)
    }
}
