/// How a cell keeps its polygon. A population grid's cell is an axis-parallel rectangle: it is
/// kept as its first and opposite corners, inline in the cell (no allocation), and given back as
/// the very ring it was read as (the same doubles, bit for bit, in the same order). Any other
/// shape is kept as given.
///
/// Why: a polygon kept as arrays costs two allocations a cell (about 190 bytes with glibc's
/// headers), and those small blocks, allocated among the parser's features, keep the pages the
/// freed features leave resident (at 1,000,000 cells some 330 MiB of heap that could not be
/// returned after the load).
enum CellShape: Sendable, Hashable {
    /// The ring first → (opposite.x, first.y) → opposite → (first.x, opposite.y) → first.
    case alongXFirst(first: XY, opposite: XY)
    /// The ring first → (first.x, opposite.y) → opposite → (opposite.x, first.y) → first.
    case alongYFirst(first: XY, opposite: XY)
    case other(MultiPolygon)

    /// The shape of `area`: a rectangle when its one polygon is a hole-free five-point ring of
    /// axis-parallel edges (coordinates compared bit for bit, so that -0.0 stays -0.0).
    init(_ area: MultiPolygon) {
        guard area.polygons.count == 1, let polygon = area.polygons.first, polygon.holes.isEmpty,
              polygon.exterior.count == 5 else { self = .other(area); return }
        let p = polygon.exterior
        func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }
        guard same(p[4].x, p[0].x), same(p[4].y, p[0].y) else { self = .other(area); return }
        if same(p[1].y, p[0].y), same(p[2].x, p[1].x), same(p[3].y, p[2].y), same(p[3].x, p[0].x) {
            self = .alongXFirst(first: p[0], opposite: p[2])
        } else if same(p[1].x, p[0].x), same(p[2].y, p[1].y), same(p[3].x, p[2].x), same(p[3].y, p[0].y) {
            self = .alongYFirst(first: p[0], opposite: p[2])
        } else {
            self = .other(area)
        }
    }

    /// The polygon as it was given.
    var area: MultiPolygon {
        switch self {
        case .alongXFirst(let a, let c):
            MultiPolygon([Polygon(exterior: [a, XY(c.x, a.y), c, XY(a.x, c.y), a])])
        case .alongYFirst(let a, let c):
            MultiPolygon([Polygon(exterior: [a, XY(a.x, c.y), c, XY(c.x, a.y), a])])
        case .other(let area):
            area
        }
    }

    /// Whether the shape is kept as two corners.
    var isRectangle: Bool {
        if case .other = self { return false }
        return true
    }
}
