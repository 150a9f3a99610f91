import Dispatch
import Foundation
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A long-form matrix `origin,destination,minutes` resolved against known ids.
public struct PairMatrix: Sendable {
    /// The kept rows in file order, in one segment per parsing thread (never copied together).
    public var segments: [PairColumns]
    /// Destinations that are not in the destination table, in order of first appearance; their
    /// index in `segments` is `destinationCount + k` (empty when unknown destinations are dropped).
    public var extraDestinations: IdTable
    /// Set by the readers when an origin's rows are not all in one run, so that repeats must be
    /// looked for across runs.
    var mayRepeat = false
    public var pairCount: Int { segments.reduce(0) { $0 + $1.count } }
}

/// Reads a travel-time matrix in long form (`origin,destination,minutes`) fast: the file is cut
/// into byte ranges at line boundaries, each parsed by its own thread straight from the bytes
/// (ids resolved through `IdTable` hashes, numbers by the correctly rounded fast path), and the
/// ranges are kept in file order. A file with quoted fields or non-ASCII bytes takes the general
/// RFC 4180 reader instead; both give the same result.
public enum PairMatrixReader {
    /// What to do with a destination that is not in the destination table.
    public enum UnknownDestinations: Sendable {
        /// Add it as an extra destination (a site listed only in the matrix).
        case add
        /// Drop its rows (a neighbours table whose destinations must be cells).
        case drop
    }

    /// Reads `path`. Rows whose origin is not in `origins` are checked, then dropped. Rejects
    /// (`badData`, with the line) short rows, minutes that are not a number, NaN or negative,
    /// and a pair listed twice.
    public static func read(path: String, origins: IdTable, destinations: IdTable,
                            unknownDestinations: UnknownDestinations = .add, threads: Int = 2) throws -> PairMatrix {
        let header = try CSVReader(path: path)
        let columns = try header.columns(["origin", "destination", "minutes"])
        let width = header.header.count
        let spec = Spec(path: path, width: width, columns: columns, addUnknown: unknownDestinations == .add,
                        cellCount: origins.count, knownCount: destinations.count)
        if columns == [0, 1, 2],
           let fast = try readFast(spec, origins: origins, destinations: destinations, threads: threads) {
            return try checkedForRepeats(fast, spec, origins: origins, destinations: destinations)
        }
        let general = try readGeneral(spec, origins: origins, destinations: destinations)
        return try checkedForRepeats(general, spec, origins: origins, destinations: destinations)
    }

    struct Spec: Sendable {
        let path: String
        let width: Int
        let columns: [Int]
        let addUnknown: Bool
        let cellCount: Int
        let knownCount: Int
    }

    // MARK: - Row sink shared by both parsers

    /// Collects the kept rows of one byte range and catches a pair repeated within a run of
    /// rows of the same origin (the usual layout); `runs` tells whether an origin came back
    /// later, which `checkedForRepeats` then checks the slow way.
    struct Sink {
        var pairs = PairColumns()
        var extras = IdTable()
        var runs: [UInt8]
        var stamp: [Int32]
        var runId: Int32 = 0
        var lastKept: Int32 = -1
        var firstKept: Int32 = -1
        let knownCount: Int
        let addUnknown: Bool

        init(spec: Spec, expectedRows: Int) {
            runs = [UInt8](repeating: 0, count: spec.cellCount)
            stamp = [Int32](repeating: -1, count: spec.knownCount)
            knownCount = spec.knownCount
            addUnknown = spec.addUnknown
            pairs.origins.reserveCapacity(expectedRows)
            pairs.destinations.reserveCapacity(expectedRows)
            pairs.minutes.reserveCapacity(expectedRows)
        }

        /// Keeps one row; false when the pair repeats an earlier row of the same run.
        @inline(__always)
        mutating func add(origin: Int32, destination known: Int32, bytes: UnsafePointer<UInt8>, length: Int,
                          minutes: Double) -> Bool {
            var destination = known
            if destination < 0 {
                guard addUnknown else { return true }
                let (k, inserted) = extras.insert(bytes, length)
                if inserted { stamp.append(-1) }
                destination = Int32(knownCount + k)
            }
            if origin != lastKept {
                runId += 1
                lastKept = origin
                if firstKept < 0 { firstKept = origin }
                if runs[Int(origin)] < 2 { runs[Int(origin)] += 1 }
            }
            if stamp[Int(destination)] == runId { return false }
            stamp[Int(destination)] = runId
            pairs.origins.append(origin)
            pairs.destinations.append(destination)
            pairs.minutes.append(minutes)
            return true
        }
    }

    enum Failure: Error {
        /// A problem at a 0-based line of the range.
        case row(localLine: Int, message: String)
        /// A byte the fast path does not handle (quote, non-ASCII): use the general reader.
        case needsGeneralReader
    }

    static func minutesProblem(_ field: UnsafeBufferPointer<UInt8>) -> String? {
        var text = String(decoding: field, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return minutesProblem(text: text, value: NumberParser.double(field))
    }

    /// Why a minutes field is refused, or nil: empty, not a number (NaN too), infinite
    /// (`inf`, `1e400`) or negative. Every matrix reader words it the same way.
    public static func minutesProblem(text: String, value: Double?) -> String? {
        if text.allSatisfy({ $0 == " " }) { return "minutes is empty" }
        guard let value, !value.isNaN else { return "minutes '\(text)' is not a number" }
        if !value.isFinite { return "minutes '\(text)' is not finite" }
        if value < 0 { return "minutes \(text) is negative" }
        return nil
    }

    static func repeatMessage(_ origin: String, _ destination: String) -> String {
        "the pair origin '\(origin)', destination '\(destination)' is listed twice"
    }

    // MARK: - Fast path

    /// Parses one byte range of the file. The rows go straight into arrays allocated once (a new
    /// segment only when the size estimate was short); the hot loop touches only locals and raw
    /// pointers.
    final class Worker: @unchecked Sendable {
        let spec: Spec
        let range: Range<Int>
        let bytesPerRow: Double
        var segments: [PairColumns] = []
        var extras = IdTable()
        var lines = 0
        var failure: Failure?
        // Run tracking (see `Sink`).
        let runs: UnsafeMutablePointer<UInt8>
        var stamp: UnsafeMutablePointer<Int32>
        var stampCapacity: Int
        var runId: Int32 = 0
        var lastKept: Int32 = -1
        var firstKept: Int32 = -1
        // Reading state: `buffer[parsePos..<parseEnd]` are whole unparsed lines,
        // `buffer[parseEnd..<valid]` the start of the next one.
        static let blockBytes = 4 << 20
        var buffer: UnsafeMutablePointer<UInt8>
        var bufferCapacity = Worker.blockBytes + 1
        /// Bytes after the data that may be read (8-byte loads of short ids) but never parsed.
        static let slack = 16
        var parsePos = 0, parseEnd = 0, valid = 0
        var fileOffset: Int
        var atEnd = false

        init(spec: Spec, range: Range<Int>, bytesPerRow: Double) {
            self.spec = spec
            self.range = range
            self.bytesPerRow = bytesPerRow
            fileOffset = range.lowerBound
            runs = .allocate(capacity: Swift.max(spec.cellCount, 1))
            runs.initialize(repeating: 0, count: Swift.max(spec.cellCount, 1))
            stampCapacity = spec.knownCount + 64
            stamp = .allocate(capacity: stampCapacity)
            stamp.initialize(repeating: -1, count: stampCapacity)
            buffer = .allocate(capacity: bufferCapacity + Worker.slack)
            buffer.initialize(repeating: 0, count: bufferCapacity + Worker.slack)
            destinationCache.words.initialize(repeating: 0, count: 4096)
            destinationCache.lengths.initialize(repeating: -1, count: 4096)
            destinationCache.indices.initialize(repeating: -1, count: 4096)
        }

        /// 4,096-entry direct-mapped cache of short destination ids (sites repeat on every origin).
        struct ShortIdCache {
            let words: UnsafeMutablePointer<UInt64>
            let lengths: UnsafeMutablePointer<Int>
            let indices: UnsafeMutablePointer<Int32>
        }
        let destinationCache = ShortIdCache(words: .allocate(capacity: 4096), lengths: .allocate(capacity: 4096),
                                            indices: .allocate(capacity: 4096))

        deinit {
            destinationCache.words.deallocate()
            destinationCache.lengths.deallocate()
            destinationCache.indices.deallocate()
            runs.deallocate()
            stamp.deallocate()
            buffer.deallocate()
        }

        /// Runs as the Sink-equivalent per-range result for `merge`.
        var sink: Sink {
            var sink = Sink(spec: spec, expectedRows: 0)
            sink.extras = extras
            sink.runs = Array(UnsafeBufferPointer(start: runs, count: spec.cellCount))
            sink.lastKept = lastKept
            sink.firstKept = firstKept
            return sink
        }

        func run(fd: Int32, origins: IdLookup, destinations: IdLookup) {
            var done = false
            while !done && failure == nil {
                let remaining = (range.upperBound - fileOffset) + (valid - parsePos)
                let estimate = Int(Double(remaining) / bytesPerRow * 1.03) + 4096
                var produced = 0
                var destinationColumn: [Int32] = []
                var minutesColumn: [Double] = []
                let originColumn = [Int32](unsafeUninitializedCapacity: estimate) { o, oCount in
                    destinationColumn = [Int32](unsafeUninitializedCapacity: estimate) { d, dCount in
                        minutesColumn = [Double](unsafeUninitializedCapacity: estimate) { m, mCount in
                            adviseHugePages(UnsafeMutableRawBufferPointer(o))
                            adviseHugePages(UnsafeMutableRawBufferPointer(d))
                            adviseHugePages(UnsafeMutableRawBufferPointer(m))
                            (produced, done) = fill(fd, o.baseAddress!, d.baseAddress!, m.baseAddress!, estimate,
                                                    origins, destinations)
                            mCount = produced
                        }
                        dCount = produced
                    }
                    oCount = produced
                }
                if produced > 0 {
                    segments.append(PairColumns(origins: originColumn, destinations: destinationColumn, minutes: minutesColumn))
                }
            }
        }

        /// Asks for transparent huge pages on a big output array: 512 times fewer page faults
        /// while the rows are written (a hint; ignored where unsupported).
        func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
            #if os(Linux)
            guard let base = buffer.baseAddress, buffer.count >= 4 << 20 else { return }
            let page = 4096
            let start = (Int(bitPattern: base) + page - 1) / page * page
            let end = (Int(bitPattern: base) + buffer.count) / page * page
            if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
                _ = madvise(pointer, end - start, MADV_HUGEPAGE)
            }
            #endif
        }

        /// Parses into the output until it is full (false) or the range is done (true).
        func fill(_ fd: Int32, _ o: UnsafeMutablePointer<Int32>, _ d: UnsafeMutablePointer<Int32>,
                  _ m: UnsafeMutablePointer<Double>, _ capacity: Int,
                  _ origins: IdLookup, _ destinations: IdLookup) -> (Int, Bool) {
            var count = 0
            while true {
                if parsePos < parseEnd {
                    var hot = Hot(p: buffer + parsePos, end: buffer + parseEnd, lines: lines, count: count,
                                  capacity: capacity, o: o, d: d, m: m, runId: runId, lastKept: lastKept,
                                  firstKept: firstKept, runs: runs, stamp: stamp)
                    do {
                        try parseLines(&hot, origins, destinations)
                    } catch let error as Failure {
                        failure = error
                    } catch {
                        failure = .row(localLine: hot.lines, message: "\(error)")
                    }
                    lines = hot.lines
                    count = hot.count
                    runId = hot.runId
                    lastKept = hot.lastKept
                    firstKept = hot.firstKept
                    stamp = hot.stamp
                    parsePos = hot.p - buffer
                    if failure != nil { return (count, true) }
                    if parsePos < parseEnd { return (count, false) } // output full
                }
                if atEnd { return (count, true) }
                readMore(fd)
            }
        }

        /// Moves the partial line to the front and reads the next block of the range.
        func readMore(_ fd: Int32) {
            let carried = valid - parseEnd
            if carried > 0 { buffer.update(from: buffer + parseEnd, count: carried) }
            if carried + Worker.blockBytes + 1 > bufferCapacity { // a line longer than a block
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferCapacity * 2 + Worker.slack)
                bigger.initialize(repeating: 0, count: bufferCapacity * 2 + Worker.slack)
                bigger.update(from: buffer, count: carried)
                buffer.deallocate()
                buffer = bigger
                bufferCapacity *= 2
            }
            let want = Swift.min(Worker.blockBytes, range.upperBound - fileOffset)
            var got = 0
            while got < want {
                let n = pread(fd, buffer + carried + got, want - got, off_t(fileOffset + got))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                got += n
            }
            fileOffset += got
            valid = carried + got
            if fileOffset >= range.upperBound || got < want {
                atEnd = true
                if valid > 0, buffer[valid - 1] != 0x0A { buffer[valid] = 0x0A; valid += 1 }
            }
            var end = valid
            while end > 0, buffer[end - 1] != 0x0A { end -= 1 }
            parsePos = 0
            parseEnd = end
        }
    }

    /// Splits the data after the header into `threads` ranges at line ends and parses them in
    /// parallel; nil when a range needs the general reader.
    static func readFast(_ spec: Spec, origins: IdTable, destinations: IdTable, threads: Int) throws -> PairMatrix? {
        let fd = open(spec.path, O_RDONLY)
        guard fd >= 0 else { throw InputError(.ioError, file: spec.path, .file, "cannot be opened for reading") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(.ioError, file: spec.path, .file, "cannot be read") }
        let size = Int(info.st_size)
        guard let dataStart = lineEnd(fd, from: 0, size: size) else { return PairMatrix(segments: [], extraDestinations: IdTable()) }
        // Rows per byte, from a sample, to size the output arrays once.
        let sampleEnd = Swift.min(size, dataStart + (1 << 16))
        var sampleLines = 0
        do {
            var sample = [UInt8](repeating: 0, count: sampleEnd - dataStart)
            let n = sample.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(dataStart)) }
            if n > 0 { for k in 0..<n where sample[k] == 0x0A { sampleLines += 1 } }
        }
        let bytesPerRow = sampleLines > 0 ? Double(sampleEnd - dataStart) / Double(sampleLines) : 64
        let parts = (size - dataStart) < (1 << 20) ? 1 : Swift.max(1, threads)
        var bounds = [dataStart]
        for k in 1..<parts {
            let guess = dataStart + (size - dataStart) * k / parts
            bounds.append(Swift.max(bounds[k - 1], lineEnd(fd, from: guess, size: size) ?? size))
        }
        bounds.append(size)
        let workers = (0..<parts).map { k in Worker(spec: spec, range: bounds[k]..<bounds[k + 1], bytesPerRow: bytesPerRow) }
        origins.withLookup { originLookup in
            destinations.withLookup { destinationLookup in
                DispatchQueue.concurrentPerform(iterations: parts) { k in
                    workers[k].run(fd: fd, origins: originLookup, destinations: destinationLookup)
                }
            }
        }
        var firstLine = 2
        for worker in workers {
            switch worker.failure {
            case .needsGeneralReader?: return nil
            case .row(let localLine, let message)?:
                throw InputError(file: spec.path, .line(firstLine + localLine), message)
            case nil: firstLine += worker.lines
            }
        }
        return merge(workers.map { ($0.sink, $0.segments) }, spec)
    }

    /// The offset just after the first line feed at or after `from`, or nil.
    static func lineEnd(_ fd: Int32, from: Int, size: Int) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = from
        while offset < size {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard n > 0 else { return nil }
            if let k = buffer[0..<n].firstIndex(of: 0x0A) { return offset + k + 1 }
            offset += n
        }
        return nil
    }

    /// Joins the ranges: extra destinations get their index in order of first appearance in
    /// the file, and runs of one origin split across two ranges count once.
    static func merge(_ parts: [(Sink, [PairColumns])], _ spec: Spec) -> PairMatrix {
        var extras = IdTable()
        var segments: [PairColumns] = []
        var repeatedOrigin = false
        var runs = [UInt8](repeating: 0, count: spec.cellCount)
        var previousLast: Int32 = -1
        for (sink, segmentsOfPart) in parts {
            var pieces = segmentsOfPart
            if sink.extras.count > 0 {
                var map = [Int32](repeating: 0, count: sink.extras.count)
                var identity = true
                for k in 0..<sink.extras.count {
                    let global = sink.extras.bytes(k).withUnsafeBufferPointer { extras.insert($0).index }
                    map[k] = Int32(spec.knownCount + global)
                    if global != k { identity = false }
                }
                if !identity {
                    let known = Int32(spec.knownCount)
                    for p in pieces.indices {
                        pieces[p].destinations.withUnsafeMutableBufferPointer { d in
                            for k in d.indices where d[k] >= known { d[k] = map[Int(d[k] - known)] }
                        }
                    }
                }
            }
            for cell in 0..<spec.cellCount where sink.runs[cell] > 0 {
                var count = Int(runs[cell]) + Int(sink.runs[cell])
                if Int32(cell) == sink.firstKept, Int32(cell) == previousLast { count -= 1 }
                runs[cell] = UInt8(Swift.min(count, 2))
                if count > 1 { repeatedOrigin = true }
            }
            if sink.lastKept >= 0 { previousLast = sink.lastKept }
            segments.append(contentsOf: pieces.filter { $0.count > 0 })
        }
        var matrix = PairMatrix(segments: segments, extraDestinations: extras)
        matrix.mayRepeat = repeatedOrigin
        return matrix
    }

    // MARK: - General path

    /// The same rules through the RFC 4180 reader (quotes, UTF-8 checks), one thread.
    static func readGeneral(_ spec: Spec, origins: IdTable, destinations: IdTable) throws -> PairMatrix {
        var reader = try CSVReader(path: spec.path)
        var sink = Sink(spec: spec, expectedRows: 1024)
        let originColumn = spec.columns[0], destinationColumn = spec.columns[1], minutesColumn = spec.columns[2]
        try reader.forEach { record in
            let minutes = try record.withBytes(minutesColumn) { field -> Double in
                if let problem = minutesProblem(field) { throw InputError(file: spec.path, .line(record.line), problem) }
                return NumberParser.double(field) ?? .nan
            }
            let origin = record.withBytes(originColumn) { field in
                field.baseAddress.map { origins.index(of: UnsafeBufferPointer(start: $0, count: field.count)) } ?? origins.index(of: "")
            }
            guard let origin else { return }
            try record.withBytes(destinationColumn) { field in
                var empty: UInt8 = 0
                try withUnsafePointer(to: &empty) { emptyPointer in
                    let base = field.baseAddress ?? emptyPointer
                    let destination = destinations.index(of: UnsafeBufferPointer(start: base, count: field.count)).map { Int32($0) } ?? -1
                    if !sink.add(origin: Int32(origin), destination: destination, bytes: base, length: field.count, minutes: minutes) {
                        throw InputError(file: spec.path, .line(record.line),
                                         repeatMessage(record.string(originColumn), record.string(destinationColumn)))
                    }
                }
            }
        }
        return merge([(sink, [sink.pairs])], spec)
    }

    // MARK: - Repeats across runs

    /// When some origin's rows are not contiguous, checks every origin's destinations for a
    /// repeat (counting sort by origin), and names the line of the second listing.
    static func checkedForRepeats(_ matrix: PairMatrix, _ spec: Spec, origins: IdTable, destinations: IdTable) throws -> PairMatrix {
        guard matrix.mayRepeat else { return matrix }
        let destinationsInOrder = matrix.segments.flatMap(\.destinations)
        let (start, order) = CountingSort.order(keys: matrix.segments.flatMap(\.origins), bucketCount: spec.cellCount)
        let byOrigin = order.map { destinationsInOrder[$0] }
        var stamp = [Int32](repeating: -1, count: spec.knownCount + matrix.extraDestinations.count)
        for i in 0..<spec.cellCount {
            for e in start[i]..<start[i + 1] {
                let d = Int(byOrigin[e])
                if stamp[d] == Int32(i) {
                    let destination = d < spec.knownCount ? destinations.string(d) : matrix.extraDestinations.string(d - spec.knownCount)
                    throw try repeatError(spec, origin: origins.string(i), destination: destination)
                }
                stamp[d] = Int32(i)
            }
        }
        return matrix
    }

    /// Finds the line where the pair is listed the second time.
    static func repeatError(_ spec: Spec, origin: String, destination: String) throws -> InputError {
        var reader = try CSVReader(path: spec.path)
        var seen = false
        var line = 0
        try reader.forEach { record in
            guard line == 0, record.string(spec.columns[0]) == origin, record.string(spec.columns[1]) == destination else { return }
            if seen { line = record.line } else { seen = true }
        }
        return InputError(file: spec.path, line > 0 ? .line(line) : .file, repeatMessage(origin, destination))
    }
}
