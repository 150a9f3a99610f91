import Model

/// A layer's bounding box, as `gpkg_contents` records it.
struct GeoPackageExtent: Equatable {
    var minX, minY, maxX, maxY: Double

    mutating func merge(_ other: GeoPackageExtent) {
        minX = Swift.min(minX, other.minX); minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX); maxY = Swift.max(maxY, other.maxY)
    }
}

/// GeoPackage geometry blobs (the standard's `GeoPackageBinary`: "GP", version 0, flags, the
/// SRS id, an envelope, then little-endian WKB) with GDAL 3.6's choices, so that a row inserted
/// directly holds the bytes GDAL's feature path would have written: no envelope for points and
/// for empty geometries (flagged empty), an xy envelope (minx, maxx, miny, maxy) otherwise.
enum GeoPackageBlob {
    private static let littleEndian: UInt8 = 0x01, xyEnvelope: UInt8 = 0x02, empty: UInt8 = 0x10

    /// Appends the blob of `geometry` to `bytes`; returns its envelope, nil when it is empty
    /// (an empty geometry does not widen the layer's extent).
    static func append(_ geometry: GeoPackageGeometry, srsID: Int32, to bytes: inout [UInt8]) -> GeoPackageExtent? {
        let envelope = envelope(of: geometry)
        let isPoint: Bool
        if case .point = geometry { isPoint = true } else { isPoint = false }
        bytes.append(0x47); bytes.append(0x50); bytes.append(0)  // "GP", version 0
        bytes.append(littleEndian | (envelope == nil ? empty : isPoint ? 0 : xyEnvelope))
        appendUInt32(UInt32(bitPattern: srsID), to: &bytes)
        if let envelope, !isPoint {
            for value in [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY] { appendDouble(value, to: &bytes) }
        }
        switch geometry {
        case .point(let p):
            appendHeader(type: 1, to: &bytes)
            appendDouble(p.x, to: &bytes); appendDouble(p.y, to: &bytes)
        case .polygon(let polygon):
            appendPolygon(polygon, to: &bytes)
        case .multiPolygon(let multi):
            appendHeader(type: 6, to: &bytes)
            appendUInt32(UInt32(multi.polygons.count), to: &bytes)
            for polygon in multi.polygons { appendPolygon(polygon, to: &bytes) }
        }
        return envelope
    }

    /// The bounding box of every ring's points; nil when there are none (an empty geometry).
    static func envelope(of geometry: GeoPackageGeometry) -> GeoPackageExtent? {
        switch geometry {
        case .point(let p): return GeoPackageExtent(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
        case .polygon(let polygon): return envelope(of: polygon)
        case .multiPolygon(let multi):
            var total: GeoPackageExtent?
            for polygon in multi.polygons {
                guard let part = envelope(of: polygon) else { continue }
                if total == nil { total = part } else { total?.merge(part) }
            }
            return total
        }
    }

    private static func envelope(of polygon: Polygon) -> GeoPackageExtent? {
        var total = envelope(of: polygon.exterior)
        for hole in polygon.holes {
            guard let part = envelope(of: hole) else { continue }
            if total == nil { total = part } else { total?.merge(part) }
        }
        return total
    }

    private static func envelope(of ring: [XY]) -> GeoPackageExtent? {
        guard let first = ring.first else { return nil }
        var box = GeoPackageExtent(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for p in ring.dropFirst() {
            box.minX = Swift.min(box.minX, p.x); box.maxX = Swift.max(box.maxX, p.x)
            box.minY = Swift.min(box.minY, p.y); box.maxY = Swift.max(box.maxY, p.y)
        }
        return box
    }

    private static func appendPolygon(_ polygon: Polygon, to bytes: inout [UInt8]) {
        appendHeader(type: 3, to: &bytes)
        appendUInt32(UInt32(1 + polygon.holes.count), to: &bytes)
        appendRing(polygon.exterior, to: &bytes)
        for hole in polygon.holes { appendRing(hole, to: &bytes) }
    }

    private static func appendRing(_ ring: [XY], to bytes: inout [UInt8]) {
        appendUInt32(UInt32(ring.count), to: &bytes)
        for p in ring { appendDouble(p.x, to: &bytes); appendDouble(p.y, to: &bytes) }
    }

    /// A WKB geometry's byte order and type (1 point, 3 polygon, 6 multipolygon).
    private static func appendHeader(type: UInt32, to bytes: inout [UInt8]) {
        bytes.append(littleEndian)
        appendUInt32(type, to: &bytes)
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendDouble(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
