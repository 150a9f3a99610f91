import CPROJ
import Model

/// Transforms coordinates from one CRS to another, in (lon, lat) / (easting, northing) order.
///
/// Owns its PROJ transformation (made with `proj_create_crs_to_crs` and normalized for
/// visualization so that axis order is always x = longitude/easting). GCJ-02 and BD-09 go
/// through WGS 84 with the published formulas. Holds PROJ state of the thread that made it:
/// not `Sendable`; make one per thread.
public final class Transformer {
    public let source: CRS
    public let target: CRS
    private let steps: [Step]

    private enum Step {
        case proj(OwnedPJ)
        case wgs84ToGCJ02, gcj02ToWGS84, gcj02ToBD09, bd09ToGCJ02
    }

    public init(from source: CRS, to target: CRS) throws(ProjectionError) {
        self.source = source
        self.target = target
        var steps: [Step] = []
        switch (source, target) {
        case (.gcj02, .bd09): steps = [.gcj02ToBD09]
        case (.bd09, .gcj02): steps = [.bd09ToGCJ02]
        case (.gcj02, .gcj02), (.bd09, .bd09): steps = []
        default:
            // Down to WGS 84, across with PROJ, up to the target's offset.
            var from = source, to = target
            if source == .bd09 { steps += [.bd09ToGCJ02, .gcj02ToWGS84]; from = .wgs84 }
            if source == .gcj02 { steps += [.gcj02ToWGS84]; from = .wgs84 }
            if target == .bd09 || target == .gcj02 { to = .wgs84 }
            if from != to {
                steps.append(.proj(try Transformer.operation(from: from, to: to)))
            } else {
                _ = try from.projObject()  // still check that PROJ knows the code
            }
            if target == .gcj02 { steps.append(.wgs84ToGCJ02) }
            if target == .bd09 { steps += [.wgs84ToGCJ02, .gcj02ToBD09] }
        }
        self.steps = steps
    }

    private static func operation(from: CRS, to: CRS) throws(ProjectionError) -> OwnedPJ {
        // Check each side first so that an unknown code is named as such.
        _ = try from.projObject()
        _ = try to.projObject()
        let context = try PROJContext.current()
        guard let raw = proj_create_crs_to_crs(context.context, from.description, to.description, nil) else {
            throw .noTransformation(from: from.description, to: to.description, message: context.lastErrorMessage())
        }
        let crsToCRS = OwnedPJ(context, owning: raw)
        guard let normalized = proj_normalize_for_visualization(context.context, crsToCRS.pj) else {
            throw .noTransformation(from: from.description, to: to.description, message: context.lastErrorMessage())
        }
        return OwnedPJ(context, owning: normalized)
    }

    /// One point.
    public func transform(_ point: XY) throws(ProjectionError) -> XY {
        try transform([point])[0]
    }

    /// Many points in one call (PROJ's batch API). Throws for the first point that cannot be
    /// transformed, naming its index.
    public func transform(_ points: [XY]) throws(ProjectionError) -> [XY] {
        if points.isEmpty { return [] }
        var xs = points.map(\.x), ys = points.map(\.y)
        for step in steps {
            switch step {
            case .proj(let owned):
                let n = xs.count
                let stride = MemoryLayout<Double>.stride
                xs.withUnsafeMutableBufferPointer { x in
                    ys.withUnsafeMutableBufferPointer { y in
                        _ = proj_trans_generic(owned.pj, PJ_FWD, x.baseAddress, stride, n,
                                               y.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
                    }
                }
                proj_errno_reset(owned.pj)
            case .wgs84ToGCJ02: apply(ChineseOffsets.wgs84ToGCJ02, &xs, &ys)
            case .gcj02ToWGS84: apply(ChineseOffsets.gcj02ToWGS84, &xs, &ys)
            case .gcj02ToBD09: apply(ChineseOffsets.gcj02ToBD09, &xs, &ys)
            case .bd09ToGCJ02: apply(ChineseOffsets.bd09ToGCJ02, &xs, &ys)
            }
        }
        var result: [XY] = []
        result.reserveCapacity(points.count)
        for i in points.indices {
            // PROJ marks a failed point with HUGE_VAL.
            guard xs[i].isFinite, ys[i].isFinite, abs(xs[i]) < 1e30, abs(ys[i]) < 1e30 else {
                throw .pointFailed(index: i, x: points[i].x, y: points[i].y,
                                   from: source.description, to: target.description)
            }
            result.append(XY(xs[i], ys[i]))
        }
        return result
    }

    private func apply(_ f: (XY) -> XY, _ xs: inout [Double], _ ys: inout [Double]) {
        for i in xs.indices {
            let q = f(XY(xs[i], ys[i]))
            xs[i] = q.x
            ys[i] = q.y
        }
    }

    /// Every ring of a polygon.
    public func transform(_ polygon: Polygon) throws(ProjectionError) -> Polygon {
        Polygon(exterior: try transform(polygon.exterior),
                holes: try polygon.holes.map { ring throws(ProjectionError) in try transform(ring) })
    }

    /// Every ring of every part.
    public func transform(_ multi: MultiPolygon) throws(ProjectionError) -> MultiPolygon {
        MultiPolygon(try multi.polygons.map { p throws(ProjectionError) in try transform(p) })
    }
}

@available(*, unavailable, message: "PROJ state belongs to the thread that created it")
extension Transformer: Sendable {}
