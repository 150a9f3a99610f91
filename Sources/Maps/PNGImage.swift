import Foundation

/// An 8-bit palette PNG (ISO/IEC 15948), written without any library: rows filtered with "Up"
/// (a row equal to the one above becomes zeros) and compressed with DEFLATE's fixed Huffman
/// codes using runs only (RFC 1951, matches at distance 1). Cell layers are long runs of a
/// few colours, which this compresses to a few bytes a row; the output is the same bytes for
/// the same pixels.
struct PNGImage {
    let width: Int, height: Int
    /// Colours `#rrggbb`; entry 0 is transparent, every other one opaque.
    let palette: [String]
    /// Palette indices, row by row from the top.
    let pixels: [UInt8]

    var data: Data {
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width)); header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 3, 0, 0, 0])
        Self.chunk("IHDR", header, to: &out)
        Self.chunk("PLTE", Data(palette.flatMap(Self.rgb)), to: &out)
        Self.chunk("tRNS", Data([0]), to: &out)
        Self.chunk("IDAT", ZlibRuns.compress(filteredRows()), to: &out)
        Self.chunk("IEND", Data(), to: &out)
        return out
    }

    /// `data:image/png;base64,…` for an `<img>` or an SVG `<image>`.
    var dataURL: String { "data:image/png;base64," + data.base64EncodedString() }

    /// Each row preceded by its filter byte: 0 (none) for the first, 2 (up) after.
    func filteredRows() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            let row = y * width
            if y == 0 {
                out.append(0)
                out.append(contentsOf: pixels[row..<(row + width)])
            } else {
                out.append(2)
                for x in 0..<width { out.append(pixels[row + x] &- pixels[row - width + x]) }
            }
        }
        return out
    }

    static func rgb(_ colour: String) -> [UInt8] {
        let hex = colour.hasPrefix("#") ? String(colour.dropFirst()) : colour
        guard hex.count == 6, let v = UInt32(hex, radix: 16) else { return [0, 0, 0] }
        return [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    static func chunk(_ type: String, _ body: Data, to out: inout Data) {
        out.appendBigEndian(UInt32(body.count))
        var typed = Data(type.utf8)
        typed.append(body)
        out.append(typed)
        out.appendBigEndian(CRC32.of(typed))
    }
}

extension Data {
    mutating func appendBigEndian(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)])
    }
}

/// CRC-32 of PNG chunks (polynomial 0xEDB88320, table-driven).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func of(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// A zlib stream (RFC 1950) of one fixed-Huffman DEFLATE block whose only back-references are
/// runs: a byte, then "repeat the previous byte L times" (distance 1, 3 ≤ L ≤ 258).
enum ZlibRuns {
    static func compress(_ input: [UInt8]) -> Data {
        var bits = BitWriter()
        bits.write(1, count: 1)   // final block
        bits.write(1, count: 2)   // fixed Huffman codes
        var i = 0
        while i < input.count {
            let byte = input[i]
            // A run repeats the byte before it, which may itself end a run.
            if i > 0, input[i - 1] == byte {
                var run = 0
                while i + run < input.count, input[i + run] == byte, run < 258 { run += 1 }
                if run >= 3 {
                    bits.run(length: run)
                    i += run
                    continue
                }
            }
            bits.literal(Int(byte))
            i += 1
        }
        bits.literal(256)         // end of block
        var out = Data([0x78, 0x01])
        out.append(contentsOf: bits.bytes())
        out.appendBigEndian(adler32(input))
        return out
    }

    static func adler32(_ input: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var k = 0
        while k < input.count {
            // 5552 bytes keep the sums below 2^32 before the modulo (zlib's NMAX).
            let end = Swift.min(k + 5552, input.count)
            for byte in input[k..<end] { a += UInt32(byte); b += a }
            a %= 65521; b %= 65521
            k = end
        }
        return b << 16 | a
    }
}

/// DEFLATE's bit order: values least significant bit first, Huffman codes most significant first.
struct BitWriter {
    private var out: [UInt8] = []
    private var buffer: UInt64 = 0
    private var filled = 0

    mutating func write(_ value: Int, count: Int) {
        buffer |= UInt64(value) << UInt64(filled)
        filled += count
        while filled >= 8 {
            out.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            filled -= 8
        }
    }

    /// A Huffman code of `length` bits, written from its most significant bit.
    mutating func code(_ code: Int, length: Int) {
        var reversed = 0
        for k in 0..<length where code & (1 << k) != 0 { reversed |= 1 << (length - 1 - k) }
        write(reversed, count: length)
    }

    /// A literal/length symbol (0 ... 287) in the fixed code of RFC 1951 §3.2.6.
    mutating func literal(_ symbol: Int) {
        switch symbol {
        case 0...143: code(0x30 + symbol, length: 8)
        case 144...255: code(0x190 + symbol - 144, length: 9)
        case 256...279: code(symbol - 256, length: 7)
        default: code(0xC0 + symbol - 280, length: 8)
        }
    }

    /// Length codes 257 ... 285: (first length, extra bits) of each.
    static let lengthBases: [(base: Int, extra: Int)] = {
        var result: [(Int, Int)] = []
        var base = 3
        for symbol in 257...284 {
            let extra = symbol < 265 ? 0 : (symbol - 261) / 4
            result.append((base, extra))
            base += 1 << extra
        }
        result.append((258, 0))
        return result
    }()

    /// A back-reference of `length` (3 ... 258) at distance 1 (distance code 0, five bits).
    mutating func run(length: Int) {
        var symbol = Self.lengthBases.count - 1
        while Self.lengthBases[symbol].base > length { symbol -= 1 }
        let (base, extra) = Self.lengthBases[symbol]
        literal(257 + symbol)
        if extra > 0 { write(length - base, count: extra) }
        code(0, length: 5)
    }

    func bytes() -> [UInt8] { filled > 0 ? out + [UInt8(buffer & 0xFF)] : out }
}
