import Foundation
import Testing
import Model
@testable import Formats

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8), file: "f.json") }

    @Test func valuesEscapesAndNumbers() throws {
        let v = try parse(#"{"a": [1, -2.5, 3e2, 0.1, true, false, null], "s": "x\"\\\/\n\u00e9\ud83d\ude00东"}"#)
        #expect(v["a"] == .array([.number(1), .number(-2.5), .number(300), .number(0.1), .bool(true), .bool(false), .null]))
        #expect(v["s"] == .string("x\"\\/\né😀东"))
    }

    @Test func errorsNameTheLine() {
        #expect(throws: InputError(file: "f.json", .line(3), "malformed JSON: expected ',' or '}' in an object")) {
            try parse("{\n\"a\": 1\n\"b\": 2}")
        }
        #expect(throws: InputError(file: "f.json", .line(2), "malformed JSON: the text ends inside an array (truncated?)")) {
            try parse("[1,\n2")
        }
        #expect(throws: InputError(file: "f.json", .line(1), "malformed JSON: unknown word where a value belongs (expected 'null')")) {
            try parse("[nan]")
        }
        #expect(throws: InputError(file: "f.json", .line(1), "malformed JSON: unexpected character 'N' where a value belongs")) {
            try parse("[NaN]")
        }
        #expect(throws: InputError(file: "f.json", .line(1), "malformed JSON: a number may not start with 0")) { try parse("[01]") }
        #expect(throws: InputError(file: "f.json", .line(1), "malformed JSON: unexpected text after the JSON value")) { try parse("{} x") }
        #expect(throws: InputError(file: "f.json", .line(1), "malformed JSON: unpaired surrogate \\ud83d")) { try parse(#"["\ud83d"]"#) }
    }
}
