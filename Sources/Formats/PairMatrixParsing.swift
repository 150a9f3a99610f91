#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The fast path's line parser: one byte range's whole lines, straight from the buffer.
extension PairMatrixReader.Worker {
    typealias Failure = PairMatrixReader.Failure

    /// The hot loop's state, held in locals.
    struct Hot {
        var p: UnsafeMutablePointer<UInt8>
        let end: UnsafeMutablePointer<UInt8>
        var lines: Int
        var count: Int
        let capacity: Int
        let o: UnsafeMutablePointer<Int32>
        let d: UnsafeMutablePointer<Int32>
        let m: UnsafeMutablePointer<Double>
        var runId: Int32
        var lastKept: Int32
        var firstKept: Int32
        let runs: UnsafeMutablePointer<UInt8>
        var stamp: UnsafeMutablePointer<Int32>
    }

    /// A destination not in the table: added as an extra (index after the known ones) or
    /// dropped (-1). Grows the stamp array.
    func unknownDestination(_ base: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        guard spec.addUnknown else { return -1 }
        let (k, inserted) = extras.insert(base, length)
        let index = spec.knownCount + k
        if inserted, index >= stampCapacity {
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: stampCapacity * 2)
            bigger.initialize(repeating: -1, count: stampCapacity * 2)
            bigger.update(from: stamp, count: stampCapacity)
            stamp.deallocate()
            stamp = bigger
            stampCapacity *= 2
        }
        return Int32(index)
    }

    /// Parses whole lines from `hot.p` to `hot.end` (the byte before `end` is a line feed),
    /// stopping early when the output is full. The steps are inlined into this one loop.
    @inline(__always)
    func parseLines(_ hot: inout Hot, _ origins: IdLookup, _ destinations: IdLookup) throws {
        let end = hot.end
        var p = hot.p
        defer { hot.p = p }
        // The previous row's origin, to skip the hash lookup for runs of the same origin.
        var lastOrigin = UnsafePointer(p), lastOriginLength = -1, lastOriginIndex: Int32 = -1
        let powers = NumberParser.powersOfTen
        while p < end {
            if hot.count == hot.capacity { return }
            let c = p.pointee
            if c == 0x0A { p += 1; hot.lines += 1; continue } // blank line
            if c == 0x0D, p[1] == 0x0A { p += 2; hot.lines += 1; continue }
            let originStart = UnsafePointer(p)
            let originLength = try skipIdField(&p, fieldNumber: 1, line: hot.lines)
            let destinationStart = UnsafePointer(p)
            let destinationLength = try skipIdField(&p, fieldNumber: 2, line: hot.lines)
            let minutes = try Self.parseMinutes(&p, powers, line: hot.lines)
            try skipRestOfLine(&p, line: hot.lines)
            // Resolve and keep.
            var origin = lastOriginIndex
            if originLength != lastOriginLength || !Self.samePadded(originStart, lastOrigin, originLength) {
                origin = origins.findPadded(originStart, originLength)
                lastOrigin = originStart
                lastOriginLength = originLength
                lastOriginIndex = origin
            }
            if origin >= 0 {
                let destination = resolveDestination(destinationStart, destinationLength, destinations, &hot)
                if destination >= 0, !Self.keep(&hot, origin: origin, destination: destination, minutes: minutes) {
                    p = UnsafeMutablePointer(mutating: originStart)
                    throw Failure.row(localLine: hot.lines, message: PairMatrixReader.repeatMessage(
                        String(decoding: UnsafeBufferPointer(start: originStart, count: originLength), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(start: destinationStart, count: destinationLength), as: UTF8.self)))
                }
            }
            hot.lines += 1
        }
    }

    /// Skips an origin or destination field and its comma; returns its length. `fieldNumber` is
    /// the field's 1-based place, for the message when the line ends there.
    @inline(__always)
    func skipIdField(_ p: inout UnsafeMutablePointer<UInt8>, fieldNumber: Int, line: Int) throws -> Int {
        let start = UnsafePointer(p)
        p = Self.nextSpecial(p)
        let c = p.pointee
        if c == 0x22 || c >= 0x80 { throw Failure.needsGeneralReader }
        if c == 0x0A { throw Failure.row(localLine: line, message: fieldsMessage(fieldNumber)) }
        let length = UnsafePointer(p) - start
        p += 1
        return length
    }

    /// Parses the minutes field, leaving `p` on the byte after it: plain decimals inline,
    /// anything else through NumberParser.
    @inline(__always)
    static func parseMinutes(_ p: inout UnsafeMutablePointer<UInt8>, _ powers: [Double], line: Int) throws -> Double {
        let minutesStart = p
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        var digit = p.pointee &- 0x30
        while digit < 10 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
            p += 1
            digit = p.pointee &- 0x30
        }
        var digits = p - minutesStart
        var c = p.pointee
        if c == 0x2E {
            p += 1
            let fractionStart = p
            digit = p.pointee &- 0x30
            while digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                p += 1
                digit = p.pointee &- 0x30
            }
            fractionDigits = p - fractionStart
            digits &+= fractionDigits
            c = p.pointee
        }
        if digits <= 19, digits > 0, mantissa < (1 << 53), fractionDigits <= 22,
           c == 0x2C || c == 0x0A || (c == 0x0D && p[1] == 0x0A) {
            return Double(mantissa) / powers[fractionDigits]
        }
        while true {
            c = p.pointee
            if c == 0x2C || c == 0x0A || c == 0x22 || c >= 0x80 { break }
            p += 1
        }
        if c == 0x22 || c >= 0x80 { throw Failure.needsGeneralReader }
        var fieldEnd = p
        if c == 0x0A, fieldEnd > minutesStart, fieldEnd[-1] == 0x0D { fieldEnd -= 1 }
        let field = UnsafeBufferPointer(start: UnsafePointer(minutesStart), count: fieldEnd - minutesStart)
        if let problem = PairMatrixReader.minutesProblem(field) {
            throw Failure.row(localLine: line, message: problem)
        }
        return NumberParser.double(field) ?? .nan
    }

    /// Skips the rest of the line and its line feed: extra columns are allowed, quotes are not
    /// handled here; too few fields is an error.
    @inline(__always)
    func skipRestOfLine(_ p: inout UnsafeMutablePointer<UInt8>, line: Int) throws {
        var fields = 3
        var c = p.pointee
        while c != 0x0A {
            if c == 0x2C { fields += 1 } else if c == 0x22 || c >= 0x80 { throw Failure.needsGeneralReader }
            p += 1
            c = p.pointee
        }
        if fields < spec.width { throw Failure.row(localLine: line, message: fieldsMessage(fields)) }
        p += 1
    }

    /// The destination's index, an extra's index, or -1 when it is dropped. Short ids go
    /// through a direct-mapped cache keyed by the id's word, filled from the table.
    @inline(__always)
    func resolveDestination(_ start: UnsafePointer<UInt8>, _ length: Int, _ destinations: IdLookup,
                            _ hot: inout Hot) -> Int32 {
        var destination: Int32
        if length <= 8 {
            let cache = destinationCache
            let mask: UInt64 = length == 8 ? ~0 : (UInt64(1) << UInt64(length &* 8)) &- 1
            let word = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self) & mask
            let slot = Int(truncatingIfNeeded: ((word ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 52)
            if cache.words[slot] == word, cache.lengths[slot] == length, cache.indices[slot] >= 0 {
                destination = cache.indices[slot]
            } else {
                destination = destinations.findPadded(start, length)
                if destination >= 0 {
                    cache.words[slot] = word
                    cache.lengths[slot] = length
                    cache.indices[slot] = destination
                }
            }
        } else {
            destination = destinations.findPadded(start, length)
        }
        if destination < 0 {
            destination = unknownDestination(start, length)
            hot.stamp = stamp
        }
        return destination
    }

    /// Keeps one row and tracks runs of one origin (see `Sink`); false when the pair repeats an
    /// earlier row of the same run.
    @inline(__always)
    static func keep(_ hot: inout Hot, origin: Int32, destination: Int32, minutes: Double) -> Bool {
        if origin != hot.lastKept {
            hot.runId += 1
            hot.lastKept = origin
            if hot.firstKept < 0 { hot.firstKept = origin }
            if hot.runs[Int(origin)] < 2 { hot.runs[Int(origin)] += 1 }
        }
        if hot.stamp[Int(destination)] == hot.runId { return false }
        hot.stamp[Int(destination)] = hot.runId
        hot.o[hot.count] = origin
        hot.d[hot.count] = destination
        hot.m[hot.count] = minutes
        hot.count += 1
        return true
    }

    /// The first comma, line feed, quote or non-ASCII byte at or after `p`, 8 bytes at a time
    /// (every line ends with a line feed, and the buffer has slack for the last load).
    @inline(__always)
    static func nextSpecial(_ start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var p = start
        while true {
            let x = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            // Exact for the lowest flagged byte: the borrow trick only errs above a true match.
            let found = zeroBytes(x ^ (0x2C &* ones)) | zeroBytes(x ^ (0x0A &* ones))
                | zeroBytes(x ^ (0x22 &* ones)) | (x & highs)
            if found != 0 { return p + (found.trailingZeroBitCount >> 3) }
            p += 8
        }
    }

    /// Equality of two ids inside the buffer (short ones with one masked 8-byte load each).
    @inline(__always)
    static func samePadded(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        #if _endian(little)
        if length <= 8 {
            let mask: UInt64 = length == 8 ? ~0 : (UInt64(1) << UInt64(length &* 8)) &- 1
            return (UnsafeRawPointer(a).loadUnaligned(as: UInt64.self) ^ UnsafeRawPointer(b).loadUnaligned(as: UInt64.self)) & mask == 0
        }
        #endif
        return IdLookup.sameBytesStatic(a, b, length)
    }

    func fieldsMessage(_ fields: Int) -> String {
        "has \(fields) field\(fields == 1 ? "" : "s"), the header has \(spec.width)"
    }
}
