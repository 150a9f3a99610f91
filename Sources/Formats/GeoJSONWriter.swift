import Foundation
import Model

/// A property value for output, written in the order given (stable property order).
public enum PropertyValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case strings([String])
}

/// Streams an RFC 7946 FeatureCollection to a temporary file, renamed into place by `finish()`
/// (the temporary of a killed process, `.<name>.<PID>.tmp` with its PID gone, is removed first).
/// Coordinates are rounded to 7 decimals (about 1 cm); non-finite numbers become null.
public final class GeoJSONWriter {
    private let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer = JSONText(capacity: 1 << 21)
    private var count = 0
    private var finished = false

    /// `member`: a foreign member of the FeatureCollection (RFC 7946 §6.1) written before the
    /// features, e.g. `("twinreach", "grid")` to mark the file as a command's own output.
    public init(path: String, member: (key: String, value: String)? = nil) throws {
        try AtomicFile.requireReplaceable(path)
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw InputError(.ioError, file: path, .file, "cannot create its folder: \(error.localizedDescription)")
        }
        Leftovers.removeTemporaries(besideFile: path)
        // Opened directly: FileManager.createFile writes through a temporary of its own
        // (`.dat.nosync…`), which a killed process would leave behind under a name not ours.
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(.ioError, file: path, .file, "cannot be written: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.raw("{\"type\":\"FeatureCollection\",")
        if let member {
            buffer.string(member.key)
            buffer.raw(":")
            buffer.string(member.value)
            buffer.raw(",")
        }
        buffer.raw("\"features\":[\n")
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }

    /// Appends one feature. Polygons are written with right-hand (counter-clockwise) exteriors
    /// and clockwise holes, as RFC 7946 asks.
    public func write(geometry: GeoJSONGeometry?, properties: [(String, PropertyValue)]) throws {
        // The buffer is passed once for the whole feature: appends to a class's stored property
        // one by one each paid a dynamic exclusivity check.
        Self.appendFeature(geometry: geometry, properties: properties, separated: count > 0, to: &buffer)
        count += 1
        if buffer.count > 1 << 20 { try flush() }
    }

    static func appendFeature(geometry: GeoJSONGeometry?, properties: [(String, PropertyValue)], separated: Bool, to out: inout JSONText) {
        if separated { out.raw(",\n") }
        out.raw("{\"type\":\"Feature\",\"properties\":{")
        for (n, (key, value)) in properties.enumerated() {
            if n > 0 { out.raw(",") }
            out.string(key)
            out.raw(":")
            append(value, to: &out)
        }
        out.raw("},\"geometry\":")
        append(geometry, to: &out)
        out.raw("}")
    }

    /// Closes the collection and moves the file into place.
    public func finish() throws {
        buffer.raw("\n]}\n")
        try flush()
        do { try handle.close() } catch {
            throw InputError(.ioError, file: path, .file, "cannot be written: \(error.localizedDescription)")
        }
        guard rename(temporaryPath, path) == 0 else {
            throw InputError(.ioError, file: path, .file, "cannot be renamed into place: \(String(cString: strerror(errno)))")
        }
        finished = true
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer.bytes) } catch {
            throw InputError(.ioError, file: path, .file, "cannot be written: \(error.localizedDescription)")
        }
        buffer.removeAll()
    }

    // MARK: encoding

    /// A coordinate rounded to 7 decimals (about 1 cm), printed shortest.
    public static func coordinate(_ value: Double) -> String {
        var text = JSONText()
        text.coordinate(value)
        return text.text
    }

    /// A finite double printed so that it reads back equal, integers without a fraction.
    public static func number(_ value: Double) -> String {
        var text = JSONText()
        text.number(value)
        return text.text
    }

    /// A JSON string literal, escaped also for an HTML `<script>` block (see `JSONText.string`).
    public static func appendString(_ text: String, to out: inout String) {
        // Most texts (ids, names) need no escape: appended as they are, without a buffer.
        if text.utf8.allSatisfy({ !JSONText.needsEscape($0) }) {
            out += "\""; out += text; out += "\""
            return
        }
        var json = JSONText()
        json.string(text)
        out += json.text
    }

    static func append(_ value: PropertyValue, to out: inout JSONText) {
        switch value {
        case .null: out.raw("null")
        case .bool(let b): out.raw(b ? "true" : "false")
        case .int(let i): out.integer(Int64(i))
        case .number(let d): out.number(d)
        case .string(let s): out.string(s)
        case .strings(let items):
            out.raw("[")
            for (n, item) in items.enumerated() {
                if n > 0 { out.raw(",") }
                out.string(item)
            }
            out.raw("]")
        }
    }

    static func append(_ geometry: GeoJSONGeometry?, to out: inout JSONText) {
        guard let geometry else { out.raw("null"); return }
        switch geometry {
        case .point(let p):
            out.raw("{\"type\":\"Point\",\"coordinates\":")
            appendPosition(p, to: &out)
            out.raw("}")
        case .lineString(let points):
            out.raw("{\"type\":\"LineString\",\"coordinates\":")
            appendPositions(points, to: &out)
            out.raw("}")
        case .polygon(let polygon):
            out.raw("{\"type\":\"Polygon\",\"coordinates\":")
            appendPolygon(polygon, to: &out)
            out.raw("}")
        case .multiPolygon(let multi):
            out.raw("{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (n, polygon) in multi.polygons.enumerated() {
                if n > 0 { out.raw(",") }
                appendPolygon(polygon, to: &out)
            }
            out.raw("]}")
        case .other:
            out.raw("null")
        }
    }

    static func appendPosition(_ p: XY, to out: inout JSONText) {
        out.raw("[")
        out.coordinate(p.x)
        out.raw(",")
        out.coordinate(p.y)
        out.raw("]")
    }

    static func appendPositions(_ points: [XY], to out: inout JSONText) {
        out.raw("[")
        for (n, p) in points.enumerated() {
            if n > 0 { out.raw(",") }
            appendPosition(p, to: &out)
        }
        out.raw("]")
    }

    static func appendPolygon(_ polygon: Polygon, to out: inout JSONText) {
        out.raw("[")
        appendPositions(oriented(polygon.exterior, counterClockwise: true), to: &out)
        for hole in polygon.holes {
            out.raw(",")
            appendPositions(oriented(hole, counterClockwise: false), to: &out)
        }
        out.raw("]")
    }

    /// The ring in the asked winding (shoelace sign), reversed if needed.
    public static func oriented(_ ring: [XY], counterClockwise: Bool) -> [XY] {
        var twiceArea = 0.0
        for i in 0..<max(0, ring.count - 1) {
            twiceArea += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return (twiceArea > 0) == counterClockwise || twiceArea == 0 ? ring : ring.reversed()
    }
}
