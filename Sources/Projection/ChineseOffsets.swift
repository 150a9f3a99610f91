import Foundation
import Model

/// The published conversions between WGS 84 and the GCJ-02 / BD-09 offsets of Chinese web maps.
/// Forward directions are the closed formulas; inverses are solved by fixed-point iteration on
/// the forward formula to 1e-10 degrees (about 0.01 mm), far below the 1 m the data warrants.
enum ChineseOffsets {
    // Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses.
    private static let semiMajorAxis = 6378245.0
    private static let eccentricitySquared = 0.00669342162296594323
    private static let tolerance = 1e-10
    private static let maxIterations = 30

    /// Outside this box GCJ-02 equals WGS 84 (the published rule).
    static func isOutsideChina(_ p: XY) -> Bool {
        p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271
    }

    private static func latitudeOffset(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func longitudeOffset(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }

    static func wgs84ToGCJ02(_ p: XY) -> XY {
        if isOutsideChina(p) { return p }
        let x = p.x - 105.0, y = p.y - 35.0
        let latRadians = p.y / 180.0 * .pi
        var magic = sin(latRadians)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = magic.squareRoot()
        let dLat = latitudeOffset(x, y) * 180.0
            / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        let dLon = longitudeOffset(x, y) * 180.0 / (semiMajorAxis / sqrtMagic * cos(latRadians) * .pi)
        return XY(p.x + dLon, p.y + dLat)
    }

    static func gcj02ToWGS84(_ p: XY) -> XY {
        solve(p, start: p, forward: wgs84ToGCJ02)
    }

    private static let bdFactor = Double.pi * 3000.0 / 180.0

    static func gcj02ToBD09(_ p: XY) -> XY {
        let z = (p.x * p.x + p.y * p.y).squareRoot() + 0.00002 * sin(p.y * bdFactor)
        let theta = atan2(p.y, p.x) + 0.000003 * cos(p.x * bdFactor)
        return XY(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    static func bd09ToGCJ02(_ p: XY) -> XY {
        // The published approximate inverse as the start, refined on the exact forward formula.
        let x = p.x - 0.0065, y = p.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * bdFactor)
        let theta = atan2(y, x) - 0.000003 * cos(x * bdFactor)
        return solve(p, start: XY(z * cos(theta), z * sin(theta)), forward: gcj02ToBD09)
    }

    /// Finds q with forward(q) == target by q <- q - (forward(q) - target): the offsets change
    /// slowly with position, so each step shrinks the error by orders of magnitude.
    private static func solve(_ target: XY, start: XY, forward: (XY) -> XY) -> XY {
        guard target.x.isFinite, target.y.isFinite else { return target }
        var q = start
        for _ in 0..<maxIterations {
            let f = forward(q)
            let dx = f.x - target.x, dy = f.y - target.y
            q = XY(q.x - dx, q.y - dy)
            if abs(dx) < tolerance && abs(dy) < tolerance { break }
        }
        return q
    }
}
