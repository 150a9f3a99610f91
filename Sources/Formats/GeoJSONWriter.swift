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

/// Streams an RFC 7946 FeatureCollection to a temporary file, renamed into place by `finish()`.
/// Coordinates are rounded to 7 decimals (about 1 cm); non-finite numbers become null.
public final class GeoJSONWriter {
    private let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer = ""
    private var count = 0
    private var finished = false

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw InputError(.ioError, file: path, .file, "cannot create its folder: \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw InputError(.ioError, file: path, .file, "cannot be written")
        }
        self.handle = handle
        buffer = "{\"type\":\"FeatureCollection\",\"features\":[\n"
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
        if count > 0 { buffer += ",\n" }
        count += 1
        buffer += "{\"type\":\"Feature\",\"properties\":{"
        for (n, (key, value)) in properties.enumerated() {
            if n > 0 { buffer += "," }
            Self.appendString(key, to: &buffer)
            buffer += ":"
            Self.append(value, to: &buffer)
        }
        buffer += "},\"geometry\":"
        Self.append(geometry, to: &buffer)
        buffer += "}"
        if buffer.utf8.count > 1 << 20 { try flush() }
    }

    /// Closes the collection and moves the file into place.
    public func finish() throws {
        buffer += "\n]}\n"
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
        do { try handle.write(contentsOf: Data(buffer.utf8)) } catch {
            throw InputError(.ioError, file: path, .file, "cannot be written: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: encoding

    /// A coordinate rounded to 7 decimals, printed shortest.
    public static func coordinate(_ value: Double) -> String {
        let rounded = (value * 1e7).rounded() / 1e7
        return number(rounded == 0 ? 0 : rounded)
    }

    /// A finite double printed so that it reads back equal, integers without a fraction.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func append(_ value: PropertyValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d): out += number(d)
        case .string(let s): appendString(s, to: &out)
        case .strings(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                appendString(item, to: &out)
            }
            out += "]"
        }
    }

    /// JSON string escaping; `<`, `>` and `&` are escaped too so that the text is safe inside
    /// an HTML `<script>` block.
    public static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func append(_ geometry: GeoJSONGeometry?, to out: inout String) {
        guard let geometry else { out += "null"; return }
        switch geometry {
        case .point(let p):
            out += "{\"type\":\"Point\",\"coordinates\":"
            appendPosition(p, to: &out)
            out += "}"
        case .lineString(let points):
            out += "{\"type\":\"LineString\",\"coordinates\":"
            appendPositions(points, to: &out)
            out += "}"
        case .polygon(let polygon):
            out += "{\"type\":\"Polygon\",\"coordinates\":"
            appendPolygon(polygon, to: &out)
            out += "}"
        case .multiPolygon(let multi):
            out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
            for (n, polygon) in multi.polygons.enumerated() {
                if n > 0 { out += "," }
                appendPolygon(polygon, to: &out)
            }
            out += "]}"
        case .other:
            out += "null"
        }
    }

    static func appendPosition(_ p: XY, to out: inout String) {
        out += "[" + coordinate(p.x) + "," + coordinate(p.y) + "]"
    }

    static func appendPositions(_ points: [XY], to out: inout String) {
        out += "["
        for (n, p) in points.enumerated() {
            if n > 0 { out += "," }
            appendPosition(p, to: &out)
        }
        out += "]"
    }

    static func appendPolygon(_ polygon: Polygon, to out: inout String) {
        out += "["
        appendPositions(oriented(polygon.exterior, counterClockwise: true), to: &out)
        for hole in polygon.holes {
            out += ","
            appendPositions(oriented(hole, counterClockwise: false), to: &out)
        }
        out += "]"
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
