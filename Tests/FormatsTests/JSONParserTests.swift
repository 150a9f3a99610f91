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

@Suite struct JSONTextTests {
    /// Every printed number reads back as the same double, whatever the branch that printed it.
    @Test func numbersRoundTrip() {
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 0.5, 12.3456789, 113.9245274, -22.5287215, 1e-7, 1.5e-7, 123456.1234567,
                                9_999_999.9999999, 1e7 + 0.5, 1e15, 1e16 + 2, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 0.30000000000000004]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 { values.append(Double.random(in: -200...200, using: &generator)) }
        for _ in 0..<2000 { values.append((Double.random(in: -200...200, using: &generator) * 1e7).rounded() / 1e7) }
        for v in values {
            var text = JSONText()
            text.number(v)
            #expect(Double(text.text) == v, "\(v) printed as \(text.text)")
        }
        var t = JSONText()
        t.number(0.1); t.raw(" "); t.number(-2.5e-5); t.raw(" "); t.number(12); t.raw(" "); t.number(.nan)
        #expect(t.text == "0.1 -0.000025 12 null")
    }

    @Test func stringsAreEscapedForJSONAndHTML() {
        var t = JSONText()
        t.string("a\"b\\c\n<script>&\u{2028}东\u{01}")
        #expect(t.text == #""a\"b\\c\n\u003cscript\u003e\u0026\u2028东\u0001""#)
    }
}
