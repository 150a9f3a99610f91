import Foundation
import Model

/// How distances between graph coordinates are measured.
public enum CoordinateSpace: Sendable, Hashable {
    /// WGS 84 longitude/latitude degrees; great-circle (haversine) metres.
    case geographic
    /// Metres in a projected CRS (easting, northing); Euclidean metres.
    case planar

    /// The distance in metres between two points of this space.
    @inline(__always)
    public func meters(_ a: XY, _ b: XY) -> Double {
        switch self {
        case .geographic: return Geodesy.haversineMeters(a, b)
        case .planar:
            let dx = a.x - b.x, dy = a.y - b.y
            return (dx * dx + dy * dy).squareRoot()
        }
    }
}

/// Great-circle distances on the WGS 84 mean sphere.
public enum Geodesy {
    /// IUGG mean Earth radius (metres), the usual radius for haversine distances.
    public static let earthRadiusMeters = 6_371_008.8

    /// Haversine distance in metres between two longitude/latitude points (degrees).
    @inline(__always)
    public static func haversineMeters(_ a: XY, _ b: XY) -> Double {
        haversineMeters(a, b, cosLatitudeA: cosLatitude(a), cosLatitudeB: cosLatitude(b))
    }

    /// The same distance given the cosines of the points' latitudes (`cosLatitude`), for
    /// callers that measure many segments from each point: the same bits as computing them.
    @inline(__always)
    public static func haversineMeters(_ a: XY, _ b: XY, cosLatitudeA: Double, cosLatitudeB: Double) -> Double {
        let toRadians = Double.pi / 180
        let phi1 = a.y * toRadians, phi2 = b.y * toRadians
        let dPhi = phi2 - phi1, dLambda = (b.x - a.x) * toRadians
        let s1 = sin(dPhi / 2), s2 = sin(dLambda / 2)
        let h = s1 * s1 + cosLatitudeA * cosLatitudeB * s2 * s2
        return 2 * earthRadiusMeters * asin(min(1, h.squareRoot()))
    }

    /// The cosine of a point's latitude, as the haversine formula computes it.
    @inline(__always)
    public static func cosLatitude(_ p: XY) -> Double { cos(p.y * (Double.pi / 180)) }
}
