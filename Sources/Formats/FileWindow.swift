#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read front to back through one buffer that keeps only the bytes its reader has not
/// passed yet: a chunk, or one value when that is larger. A 25 M-cell population layer (about
/// 7 GB of GeoJSON) is read in a few MiB instead of a buffer of the whole file.
///
/// The bytes held are checked as UTF-8 as they are read, so that a reader sees only checked
/// text (a scalar cut by the end of the buffer waits for the next read).
final class FileWindow {
    /// Why a window stopped: the file could not be read, or its text is not UTF-8. The readers
    /// then read the file again as a whole, whose messages are the contract.
    struct Failure: Error {}

    /// The bytes read per refill, and the first capacity (1 MiB: fits the caches, few reads).
    static let chunkBytes = 1 << 20

    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// The bytes at the front already checked as UTF-8.
    private var checked = 0
    /// Whether the file's last byte has been read.
    private(set) var atEnd = false
    /// The largest the buffer grew (bytes), for the tests that bound it.
    private(set) var largestCapacity: Int

    /// Opens `path` for reading; nil when it cannot be opened.
    init?(path: String, capacity: Int = chunkBytes) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.capacity = max(capacity, 1)
        largestCapacity = self.capacity
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// The bytes held, from the first the reader still needs.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: count) }

    /// Drops the bytes before `start`, grows the buffer when it cannot hold `needed` bytes from
    /// there, and reads until it is full or the file ends.
    func refill(keepingFrom start: Int, needed: Int) throws(Failure) {
        let kept = count - start
        if start > 0 {
            buffer.update(from: buffer + start, count: kept)
            count = kept
            checked -= start
        }
        if needed > capacity { grow(to: max(needed, capacity * 2)) }
        while count < capacity, !atEnd {
            let read = Self.readBytes(descriptor, buffer + count, capacity - count)
            if read < 0 {
                guard errno == EINTR else { throw Failure() }
                continue
            }
            if read == 0 { atEnd = true } else { count += read }
        }
        try checkUTF8()
    }

    private static func readBytes(_ descriptor: Int32, _ into: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        read(descriptor, into, count)
    }

    private func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = newCapacity
        largestCapacity = max(largestCapacity, newCapacity)
    }

    /// Checks the bytes read since the last check, but for a scalar the buffer's end cuts
    /// (checked once its last bytes are read; at the file's end it is invalid).
    private func checkUTF8() throws(Failure) {
        let end = atEnd ? count : count - Self.cutScalarBytes(UnsafeBufferPointer(start: buffer, count: count))
        guard end > checked else { return }
        guard JSONValue.isUTF8(UnsafeBufferPointer(start: buffer + checked, count: end - checked)) else { throw Failure() }
        checked = end
    }

    /// How many bytes at the end of `bytes` begin a UTF-8 scalar they do not finish (0...3).
    static func cutScalarBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var back = 1
        while back <= min(4, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 != 0x80 { // not a continuation byte: ASCII or a lead byte
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                return length > back ? back : 0
            }
            back += 1
        }
        return 0 // only continuation bytes: not UTF-8, which the check then says
    }
}

extension JSONParser {
    /// The bytes a reader may look at past a value it made sure of (separators, spaces): a
    /// refill is due when fewer are left.
    static let lookahead = 4096

    /// Makes the window hold `count` bytes from `position`, or all that is left of the file.
    mutating func ensure(_ count: Int) throws {
        guard let window, !window.atEnd, position + count > bytes.count else { return }
        try refill(window, needed: count)
    }

    /// Skips spaces as `skipSpace` does, reading on while the window ends in them; then the
    /// window holds the next byte, unless the file ends.
    mutating func skipSpaceAcrossChunks() throws {
        while true {
            try ensure(Self.lookahead)
            skipSpace()
            guard position == bytes.count, let window, !window.atEnd else { return }
        }
    }

    /// Makes the window hold the value at the next non-space byte whole (an object or array to
    /// its closing bracket, a string to its closing quote) and `lookahead` bytes after it, or
    /// all that is left of the file. Other values are short: the lookahead holds them.
    mutating func ensureValue() throws {
        guard let window else { return }
        var scan = ValueScan()
        var index = position
        while true {
            if let end = scan.end(in: bytes, from: &index) {
                try ensure(end - position + Self.lookahead)
                return
            }
            if window.atEnd { return }
            let scanned = index - position
            try refill(window, needed: scanned + 1)
            index = position + scanned
        }
    }

    /// The feature at `position`, parsed where it lies in the window: by the plain scan when it
    /// reads it (`plainFeature`), else by the fast path's general code. A parse that fails before
    /// the file's end may have met the window's end inside the feature: the feature is then
    /// made whole in the window (`ensureValue`) and parsed once more. Where the window holds
    /// the feature, the parse only meets bytes of it, so a parse that succeeds gives what it
    /// gives over the whole text, and a scan for the end costs only a failed parse per chunk.
    mutating func featureInWindow(index: Int, geographic: Bool) throws -> GeoJSONFeature {
        if let feature = plainFeature(index: index, geographic: geographic) { return feature }
        let start = position, startLine = line
        do {
            return try feature(index: index, geographic: geographic)
        } catch {
            guard let window, !window.atEnd else { throw error }
            position = start
            line = startLine
            try ensureValue()
            return try feature(index: index, geographic: geographic)
        }
    }

    /// Keeps the bytes from `position` on, moved to the window's front, and reads on.
    private mutating func refill(_ window: FileWindow, needed: Int) throws {
        try window.refill(keepingFrom: position, needed: needed)
        bytes = window.bytes
        position = 0
    }
}

/// Where a JSON value ends, found by its brackets and quotes alone (the parser checks the rest):
/// a scan that can stop at the end of the bytes held and go on when more are read.
struct ValueScan {
    private var started = false
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// The index after the end of the value that starts at the first non-space byte from
    /// `index` on; nil when the bytes end first (`index` then is their count). A value that
    /// is neither an object, an array nor a string ends where it starts.
    mutating func end(in bytes: UnsafeBufferPointer<UInt8>, from index: inout Int) -> Int? {
        if !started {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            guard index < bytes.count else { return nil }
            started = true
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth = 1
            case UInt8(ascii: "\""): inString = true
            default: return index
            }
            index += 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}
