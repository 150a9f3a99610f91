/// Text from the inputs (names, ids) written into files other programs interpret: CSV that a
/// spreadsheet may evaluate, Markdown that a viewer renders.
public enum CSVField {
    /// Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// A text field (a name, an id). One that starts with `=`, `+`, `-`, `@`, tab or carriage
    /// return is neutralised as OWASP recommends: a single quote in front, the whole field
    /// quoted, so a spreadsheet shows it as text. A plain decimal number (`-1.5`, `+3`, `2e-4`)
    /// is left as it is: it is a number to a spreadsheet, not a formula. Other fields are
    /// quoted when they hold a comma, a double quote or a line break (RFC 4180).
    public static func text(_ field: String) -> String {
        var out: [UInt8] = []
        append(Array(field.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` for a field given as UTF-8 bytes, appended to `out`.
    public static func append<C: Collection>(_ field: C, to out: inout [UInt8]) where C.Element == UInt8 {
        let neutralise = field.first.map { formulaStarts.contains($0) } == true && !isPlainNumber(field)
        let quote = neutralise || field.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard quote else { out.append(contentsOf: field); return }
        out.append(UInt8(ascii: "\""))
        if neutralise { out.append(UInt8(ascii: "'")) }
        for byte in field {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `[+-]digits[.digits][e[+-]digits]` (or `.digits`): a number as a spreadsheet reads it.
    static func isPlainNumber<C: Collection>(_ field: C) -> Bool where C.Element == UInt8 {
        var bytes = Array(field)[...]
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { bytes.removeFirst(); n += 1 }
            return n
        }
        if let b = bytes.first, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { bytes.removeFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let b = bytes.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

public enum MarkdownText {
    /// Characters with a meaning in (GitHub) Markdown: links and images, emphasis, code, HTML,
    /// tables, headings, strikethrough, escapes.
    static let special: Set<Character> = ["\\", "[", "]", "(", ")", "*", "_", "`", "<", ">", "|", "#", "!", "~"]

    /// Text from the inputs shown as itself: each Markdown metacharacter backslash-escaped and
    /// line breaks turned into spaces, so `[x](javascript:...)` is text, not a link.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            if c == "\n" || c == "\r" || c == "\r\n" { out.append(" "); continue }
            if special.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// Escaping of input text for XML and HTML: the maps (SVG, HTML) and roads.osm use this one.
public enum XMLText {
    /// Text safe in an XML or HTML text node and in a double- or single-quoted attribute:
    /// `& < > " '` as `&amp; &lt; &gt; &quot; &#39;` (`&#39;`, not `&apos;`, which HTML 4
    /// lacks). Characters XML 1.0 does not allow (C0 controls other than tab, newline and
    /// carriage return, and U+FFFE/U+FFFF) become U+FFFD, so that the file stays well-formed.
    public static func escape(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// `escape(text)` appended to `out`, without an intermediate string.
    public static func append(_ text: String, to out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
