import Model

/// What went wrong in a geometry operation.
public enum GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// GEOS failed or refused the input; `message` is GEOS's own text (e.g. "IllegalArgumentException:
    /// Points of LinearRing do not form a closed linestring").
    case geos(operation: String, message: String)
    /// Input this module does not handle (e.g. WKB of a line where a polygon was expected).
    case unsupported(String)
    /// OSM multipolygon member lines that do not close into rings: lines with a loose end
    /// (`dangling`), lines with the same face on both sides (`cutEdges`), and closed lines that
    /// are not valid rings (`invalidRings`).
    case unclosedRings(dangling: Int, cutEdges: Int, invalidRings: Int)

    public var description: String {
        switch self {
        case .geos(let operation, let message):
            return "GEOS \(operation) failed: \(message)"
        case .unsupported(let what):
            return what
        case .unclosedRings(let dangling, let cutEdges, let invalidRings):
            var parts: [String] = []
            if dangling > 0 { parts.append("\(dangling) dangling line\(dangling == 1 ? "" : "s")") }
            if cutEdges > 0 { parts.append("\(cutEdges) cut edge\(cutEdges == 1 ? "" : "s")") }
            if invalidRings > 0 { parts.append("\(invalidRings) invalid ring\(invalidRings == 1 ? "" : "s")") }
            return "multipolygon members do not form closed rings: " + parts.joined(separator: ", ")
        }
    }
}

/// The answer of a validity check (OGC rules as GEOS applies them).
public enum Validity: Sendable, Equatable {
    case valid
    /// GEOS's reason (e.g. "Self-intersection", "Ring Self-intersection", "Hole lies outside
    /// shell") and where it found the problem.
    case invalid(reason: String, location: XY?)

    public var isValid: Bool { self == .valid }
}
