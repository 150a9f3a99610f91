import Foundation
import Testing
import Model
import TestSupport
@testable import Formats

@Suite struct CSVTests {
    private func write(_ text: String, _ name: String = "t.csv") throws -> String {
        let url = try Paths.scratch().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func rows(_ path: String) throws -> [[String]] {
        var reader = try CSVReader(path: path)
        var out: [[String]] = []
        try reader.forEach { record in out.append((0..<record.count).map { record.string($0) }) }
        return out
    }

    @Test func readsQuotedFieldsCRLFAndBlankLines() throws {
        let path = try write("id,name\r\n1,\"Hall, \"\"North\"\"\"\r\n\r\n2,东区\r\n")
        #expect(try rows(path) == [["1", "Hall, \"North\""], ["2", "东区"]])
    }

    @Test func shortRowNamesItsLine() throws {
        let path = try write("id,pop\na,1\nb\n")
        #expect(throws: InputError(file: path, .line(3), "has 1 field, the header has 2")) { try rows(path) }
    }

    @Test func invalidUTF8NamesItsLine() throws {
        let url = try Paths.scratch().appendingPathComponent("bad.csv")
        try Data("id,pop\na,1\n".utf8 + [0xC3, 0x28] + Data(",2\n".utf8)).write(to: url)
        #expect(throws: InputError(file: url.path, .line(3), "text is not valid UTF-8")) { try rows(url.path) }
    }

    @Test func missingFileAndMissingColumn() throws {
        #expect(throws: InputError(.missingInput, file: "/nonexistent/x.csv", .file, "no such file")) {
            _ = try CSVReader(path: "/nonexistent/x.csv")
        }
        let path = try write("id,population\na,1\n")
        let reader = try CSVReader(path: path)
        #expect(throws: InputError(file: path, .line(1), "missing column pop (header: id,population)")) {
            _ = try reader.columns(["id", "pop"])
        }
    }

    @Test func unterminatedQuoteIsReported() throws {
        let path = try write("id,name\n1,\"open\n")
        #expect(throws: InputError(file: path, .line(2), "unterminated quoted field")) { try rows(path) }
    }

    @Test func numbersEqualTheStandardParser() {
        for text in ["5.0000", "0.05", "29.5", "-3", "1e-3", "123456789012345678901", "0.1", "1.7976931348623157e308", "inf", "12.3456", "  7.25 "] {
            var copy = text
            let fast = copy.withUTF8 { NumberParser.double($0) }
            #expect(fast == Double(text.trimmingCharacters(in: .whitespaces)), "\(text)")
        }
        for text in ["", "abc", "1.2.3", "1,5", "--1"] {
            var copy = text
            #expect(copy.withUTF8 { NumberParser.double($0) } == nil, "\(text)")
        }
    }

    @Test func recordsSpanningChunksAreWhole() throws {
        var text = "origin,destination,minutes\n"
        for i in 0..<400_000 { text += "c\(i),s\(i % 7),\(Double(i) / 8)\n" }
        let path = try write(text)
        var reader = try CSVReader(path: path)
        var count = 0
        var sum = 0.0
        try reader.forEach { record in
            count += 1
            sum += record.double(2) ?? .nan
            #expect(record.line == count + 1)
        }
        #expect(count == 400_000)
        #expect(sum == (0..<400_000).reduce(0.0) { $0 + Double($1) / 8 })
    }
}
