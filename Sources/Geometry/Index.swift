import CGEOS
import Model

/// A polygon prepared for many point-in-polygon tests against the same area (GEOS prepared
/// geometry: the edge index is built once, on first use).
///
/// Holds GEOS state of the thread that made it: not `Sendable`; make one per thread.
public final class PreparedPolygon {
    private let geometry: OwnedGeometry
    private let prepared: OpaquePointer

    public init(_ area: some PolygonalGeometry) throws(GeometryError) {
        let context = try GEOSContext.current()
        geometry = try context.polygonal(area)
        guard let prepared = GEOSPrepare_r(context.handle, geometry.pointer) else {
            throw context.failure("GEOSPrepare_r")
        }
        self.prepared = prepared
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.handle, prepared) }

    /// Whether `point` lies in the interior (boundary excluded).
    public func contains(_ point: XY) throws(GeometryError) -> Bool {
        let context = geometry.context
        let p = try context.point(point)
        return try predicate(GEOSPreparedContains_r(context.handle, prepared, p.pointer), context, "GEOSPreparedContains_r")
    }

    /// Whether `point` lies in the interior or on the boundary.
    public func covers(_ point: XY) throws(GeometryError) -> Bool {
        let context = geometry.context
        let p = try context.point(point)
        return try predicate(GEOSPreparedCovers_r(context.handle, prepared, p.pointer), context, "GEOSPreparedCovers_r")
    }
}

@available(*, unavailable, message: "GEOS state belongs to the thread that created it")
extension PreparedPolygon: Sendable {}

/// Owns one GEOS STRtree and frees it once. Items are integer indices (stored as index + 1 in
/// the tree's pointer-sized item, so that no item is NULL).
private final class OwnedTree {
    let context: GEOSContext
    let tree: OpaquePointer

    init(_ context: GEOSContext) throws(GeometryError) {
        guard let tree = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("GEOSSTRtree_create_r") }
        self.context = context
        self.tree = tree
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    func insert(_ geometry: OwnedGeometry, index: Int) {
        GEOSSTRtree_insert_r(context.handle, tree, geometry.pointer, UnsafeMutableRawPointer(bitPattern: index + 1))
    }

    /// Indices whose envelope meets the envelope of `geometry`, ascending.
    func candidates(_ geometry: OwnedGeometry) -> [Int] {
        let box = CandidateBox()
        withExtendedLifetime(box) {
            GEOSSTRtree_query_r(context.handle, tree, geometry.pointer, { item, userData in
                guard let userData else { return }
                let box = Unmanaged<CandidateBox>.fromOpaque(userData).takeUnretainedValue()
                box.indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.indices.sorted()
    }
}

private final class CandidateBox { var indices: [Int] = [] }

/// An STRtree over polygons, answering "which of these polygons covers this point" (assigning
/// grid cells, sites or population points to subdistricts).
///
/// Polygons are referenced by their index in the array given to `init`. Holds GEOS state of the
/// thread that made it: not `Sendable`; make one per thread.
public final class PolygonIndex {
    private let tree: OwnedTree
    private let geometries: [OwnedGeometry]
    private var prepared: [OpaquePointer?]

    public init(_ polygons: [some PolygonalGeometry]) throws(GeometryError) {
        let context = try GEOSContext.current()
        tree = try OwnedTree(context)
        var geometries: [OwnedGeometry] = []
        geometries.reserveCapacity(polygons.count)
        for polygon in polygons { geometries.append(try context.polygonal(polygon)) }
        self.geometries = geometries
        prepared = Array(repeating: nil, count: geometries.count)
        for (i, g) in geometries.enumerated() { tree.insert(g, index: i) }
    }

    deinit {
        for p in prepared { if let p { GEOSPreparedGeom_destroy_r(tree.context.handle, p) } }
    }

    public var count: Int { geometries.count }

    /// Indices of every polygon that covers `point` (interior or boundary), ascending.
    public func polygonsCovering(_ point: XY) throws(GeometryError) -> [Int] {
        let context = tree.context
        let p = try context.point(point)
        var result: [Int] = []
        for i in tree.candidates(p) {
            let prep = try preparedGeometry(i)
            if try predicate(GEOSPreparedCovers_r(context.handle, prep, p.pointer), context, "GEOSPreparedCovers_r") {
                result.append(i)
            }
        }
        return result
    }

    /// The lowest index of a polygon covering `point` (so a point on a shared edge goes to the
    /// same polygon every run), or nil when none does.
    public func firstPolygonCovering(_ point: XY) throws(GeometryError) -> Int? {
        let context = tree.context
        let p = try context.point(point)
        for i in tree.candidates(p) {
            let prep = try preparedGeometry(i)
            if try predicate(GEOSPreparedCovers_r(context.handle, prep, p.pointer), context, "GEOSPreparedCovers_r") {
                return i
            }
        }
        return nil
    }

    private func preparedGeometry(_ i: Int) throws(GeometryError) -> OpaquePointer {
        if let p = prepared[i] { return p }
        guard let p = GEOSPrepare_r(tree.context.handle, geometries[i].pointer) else {
            throw tree.context.failure("GEOSPrepare_r")
        }
        prepared[i] = p
        return p
    }
}

@available(*, unavailable, message: "GEOS state belongs to the thread that created it")
extension PolygonIndex: Sendable {}

/// An STRtree over points answering "nearest of these points" (snapping cells to road nodes,
/// nearest site by straight line). Points are referenced by their index in the array given to
/// `init`; distances are planar, in CRS units.
///
/// Holds GEOS state of the thread that made it: not `Sendable`; make one per thread.
public final class PointIndex {
    private let tree: OwnedTree
    private let geometries: [OwnedGeometry]
    public let points: [XY]

    public init(_ points: [XY]) throws(GeometryError) {
        let context = try GEOSContext.current()
        tree = try OwnedTree(context)
        var geometries: [OwnedGeometry] = []
        geometries.reserveCapacity(points.count)
        for p in points { geometries.append(try context.point(p)) }
        self.geometries = geometries
        self.points = points
        for (i, g) in geometries.enumerated() { tree.insert(g, index: i) }
    }

    public var count: Int { points.count }

    /// The nearest point and its distance; among points at the same distance the lowest index,
    /// so that the answer does not depend on the tree's layout. Nil when the index is empty.
    public func nearest(to query: XY) throws(GeometryError) -> (index: Int, distance: Double)? {
        if points.isEmpty { return nil }
        let context = tree.context
        let q = try context.point(query)
        let search = NearestSearch(points: points, query: query)
        let found: UnsafeRawPointer? = withExtendedLifetime(search) {
            GEOSSTRtree_nearest_generic_r(
                context.handle, tree.tree, NearestSearch.queryItem, q.pointer,
                { item1, item2, distance, userData in
                    // GEOS treats 0 as failure (despite its header's comment) and non-zero as success.
                    guard let userData, let distance else { return 0 }
                    let search = Unmanaged<NearestSearch>.fromOpaque(userData).takeUnretainedValue()
                    let a = search.position(item1), b = search.position(item2)
                    distance.pointee = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
                    return 1
                }, Unmanaged.passUnretained(search).toOpaque())
        }
        guard let found else { throw context.failure("GEOSSTRtree_nearest_generic_r") }
        var best = Int(bitPattern: found) - 1
        let d = search.distance(to: best)
        // Ties: every point within the same distance lies in the square around the query.
        let box = try context.own(
            GEOSGeom_createRectangle_r(context.handle, query.x - d, query.y - d, query.x + d, query.y + d),
            "GEOSGeom_createRectangle_r")
        for i in tree.candidates(box) where i < best && search.distance(to: i) == d { best = i }
        return (best, d)
    }
}

@available(*, unavailable, message: "GEOS state belongs to the thread that created it")
extension PointIndex: Sendable {}

/// What the nearest-neighbour distance callback needs: the indexed points and the query point.
private final class NearestSearch {
    /// The item standing for the query point (never a tree item: those are index + 1 >= 1).
    nonisolated(unsafe) static let queryItem = UnsafeRawPointer(bitPattern: UInt.max)
    let points: [XY]
    let query: XY

    init(points: [XY], query: XY) { self.points = points; self.query = query }

    func position(_ item: UnsafeRawPointer?) -> XY {
        guard let item, item != NearestSearch.queryItem else { return query }
        return points[Int(bitPattern: item) - 1]
    }

    func distance(to index: Int) -> Double {
        let p = points[index]
        return ((p.x - query.x) * (p.x - query.x) + (p.y - query.y) * (p.y - query.y)).squareRoot()
    }
}
