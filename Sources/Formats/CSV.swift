import Foundation
import Model

/// One record of a CSV file: its 1-based line number and its fields, decoded as UTF-8.
///
/// Fields are views into the reader's buffer and valid only inside the callback that received
/// them; copy what you keep (`string(_:)`).
public struct CSVRecord {
    public let line: Int
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let ranges: [Range<Int>]
    @usableFromInline let unquoted: [String?]

    init(line: Int, bytes: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>], unquoted: [String?]) {
        self.line = line
        self.bytes = bytes
        self.ranges = ranges
        self.unquoted = unquoted
    }

    public var count: Int { ranges.count }

    /// The field at `index` as a String (quotes removed, `""` unescaped).
    public func string(_ index: Int) -> String {
        if let text = unquoted[index] { return text }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[index]]), as: UTF8.self)
    }

    /// The raw bytes of an unquoted field, for fast number parsing.
    public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let text = unquoted[index] {
            var copy = text
            return try copy.withUTF8 { try body($0) }
        }
        return try body(UnsafeBufferPointer(rebasing: bytes[ranges[index]]))
    }

    /// The field parsed as a number, or nil when it is not one (empty, text, trailing junk).
    public func double(_ index: Int) -> Double? {
        withBytes(index) { NumberParser.double($0) }
    }

    public func isEmpty(_ index: Int) -> Bool {
        if let text = unquoted[index] { return text.isEmpty }
        return ranges[index].isEmpty
    }
}

/// Streams a CSV file (RFC 4180: commas, optional double quotes, LF or CRLF line ends) in
/// fixed-size chunks, so that a 300 MB travel-time matrix never sits in memory whole.
///
/// The header is read on opening; every later problem names the file and its line.
public struct CSVReader {
    public let path: String
    public let header: [String]
    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var nextLine = 2
    private static let chunkBytes = 4 << 20

    /// Opens `path` and reads its header. Throws `missingInput` for an absent file and
    /// `badData` for an empty one, a header that is not UTF-8 or that repeats a column.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(.missingInput, file: path, .file, "no such file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(.ioError, file: path, .file, "cannot be opened for reading")
        }
        self.handle = handle
        var headerFields: [String]? = nil
        var buffered: [UInt8] = []
        while headerFields == nil {
            let chunk = try Self.read(handle, path: path)
            if chunk.isEmpty {
                if buffered.isEmpty { throw InputError(file: path, .file, "is empty: expected a header line") }
                buffered.append(0x0A)
            }
            buffered.append(contentsOf: chunk)
            if let newline = buffered.firstIndex(of: 0x0A) {
                var lineBytes = Array(buffered[..<newline])
                if lineBytes.last == 0x0D { lineBytes.removeLast() }
                if lineBytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineBytes.removeFirst(3) } // UTF-8 BOM
                guard let text = String(validating: lineBytes, as: UTF8.self) else {
                    throw InputError(file: path, .line(1), "header is not valid UTF-8")
                }
                headerFields = text.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                pending = Array(buffered[(newline + 1)...])
            }
        }
        header = headerFields ?? []
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw InputError(file: path, .line(1), "column '\(name)' appears twice in the header")
        }
    }

    /// The index of each of `names` in the header, or a `badData` error naming the missing ones.
    public func columns(_ names: [String]) throws -> [Int] {
        let missing = names.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw InputError(file: path, .line(1),
                             "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (header: \(header.joined(separator: ",")))")
        }
        return names.compactMap { header.firstIndex(of: $0) }
    }

    /// The index of `name` in the header, or nil.
    public func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Calls `body` for each non-empty record in file order. A record with fewer fields than
    /// the header, a field that is not UTF-8, or an unterminated quote is a `badData` error.
    public mutating func forEach(_ body: (CSVRecord) throws -> Void) throws {
        let width = header.count
        var atEnd = false
        while true {
            if !atEnd {
                let chunk = try Self.read(handle, path: path)
                if chunk.isEmpty { atEnd = true } else { pending.append(contentsOf: chunk) }
            }
            if atEnd, !pending.isEmpty, pending.last != 0x0A { pending.append(0x0A) }
            let consumed = try pending.withUnsafeBufferPointer { buffer -> Int in
                try parseComplete(buffer, width: width, final: atEnd, body)
            }
            pending.removeFirst(consumed)
            if atEnd {
                if !pending.isEmpty {
                    throw InputError(file: path, .line(nextLine), "unterminated quoted field")
                }
                return
            }
        }
    }

    /// Parses every complete record in `buffer` and returns how many bytes it consumed.
    private mutating func parseComplete(_ buffer: UnsafeBufferPointer<UInt8>, width: Int, final: Bool,
                                        _ body: (CSVRecord) throws -> Void) throws -> Int {
        var start = 0
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(width)
        var unquoted: [String?] = []
        unquoted.reserveCapacity(width)
        let count = buffer.count
        recordLoop: while start < count {
            ranges.removeAll(keepingCapacity: true)
            unquoted.removeAll(keepingCapacity: true)
            var position = start
            var lineBreaks = 0
            var hasQuote = false
            // Fields of one record.
            fieldLoop: while true {
                if position < count, buffer[position] == 0x22 { // quoted field
                    hasQuote = true
                    var text: [UInt8] = []
                    var p = position + 1
                    while true {
                        guard p < count else { break recordLoop } // incomplete: wait for more bytes
                        let byte = buffer[p]
                        if byte == 0x22 {
                            if p + 1 < count, buffer[p + 1] == 0x22 { text.append(0x22); p += 2; continue }
                            if p + 1 >= count && !final { break recordLoop }
                            p += 1
                            break
                        }
                        if byte == 0x0A { lineBreaks += 1 }
                        text.append(byte)
                        p += 1
                    }
                    guard let decoded = String(validating: text, as: UTF8.self) else {
                        throw InputError(file: path, .line(nextLine), "field \(ranges.count + 1) is not valid UTF-8")
                    }
                    ranges.append(position..<p)
                    unquoted.append(decoded)
                    position = p
                } else {
                    var p = position
                    while p < count, buffer[p] != 0x2C, buffer[p] != 0x0A { p += 1 }
                    guard p < count else { break recordLoop } // no line end yet
                    var end = p
                    if buffer[p] == 0x0A, end > position, buffer[end - 1] == 0x0D { end -= 1 }
                    ranges.append(position..<end)
                    unquoted.append(nil)
                    position = p
                }
                guard position < count else { break recordLoop }
                if buffer[position] == 0x2C { position += 1; continue fieldLoop }
                if buffer[position] == 0x0D, position + 1 < count, buffer[position + 1] == 0x0A { position += 1 }
                if buffer[position] == 0x0A { position += 1; break fieldLoop }
                throw InputError(file: path, .line(nextLine), "unexpected text after a quoted field")
            }
            let line = nextLine
            nextLine += 1 + lineBreaks
            start = position
            // Skip blank lines.
            if ranges.count == 1, unquoted[0] == nil, ranges[0].isEmpty { continue }
            if !hasQuote {
                for range in ranges where !isASCII(buffer, range) {
                    guard String(validating: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) != nil else {
                        throw InputError(file: path, .line(line), "text is not valid UTF-8")
                    }
                }
            }
            if ranges.count < width {
                throw InputError(file: path, .line(line), "has \(ranges.count) field\(ranges.count == 1 ? "" : "s"), the header has \(width)")
            }
            try body(CSVRecord(line: line, bytes: buffer, ranges: ranges, unquoted: unquoted))
        }
        return start
    }

    @inline(__always)
    private func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where buffer[i] >= 0x80 { return false }
        return true
    }

    private static func read(_ handle: FileHandle, path: String) throws -> Data {
        do {
            return try handle.read(upToCount: chunkBytes) ?? Data()
        } catch {
            throw InputError(.ioError, file: path, .file, "read failed: \(error.localizedDescription)")
        }
    }
}
