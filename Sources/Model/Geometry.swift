/// A position in the CRS of its context: longitude/latitude degrees in WGS 84 layers,
/// metres (easting, northing) in the local metric CRS used for computation.
public struct XY: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A polygon: one exterior ring and any holes. Rings are closed (first == last).
public struct Polygon: Sendable, Hashable, Codable {
    public var exterior: [XY]
    public var holes: [[XY]]
    public init(exterior: [XY], holes: [[XY]] = []) { self.exterior = exterior; self.holes = holes }

    /// Every ring, exterior first.
    public var rings: [[XY]] { [exterior] + holes }
}

/// Several polygons as one area (a subdistrict of separate parts, a dissolved gap area).
public struct MultiPolygon: Sendable, Hashable, Codable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }

    public var isEmpty: Bool { polygons.isEmpty }

    /// The bounding box of every exterior ring, or nil when empty.
    public var bounds: (min: XY, max: XY)? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for polygon in polygons {
            for p in polygon.exterior {
                minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y)
            }
        }
        return minX <= maxX ? (XY(minX, minY), XY(maxX, maxY)) : nil
    }
}
