extension Cell {
    /// A grid cell's rectangle as the first four points of its ring, in the ring's order (the
    /// fifth repeats the first), read from the two corners it is kept as: the same doubles as
    /// `area`'s ring, without building it (the outputs read a million cells' corners several
    /// times). Nil for a cell of any other shape or without an area.
    public var rectangleRing: (XY, XY, XY, XY)? {
        switch shape {
        case .alongXFirst(let a, let c)?: (a, XY(c.x, a.y), c, XY(a.x, c.y))
        case .alongYFirst(let a, let c)?: (a, XY(a.x, c.y), c, XY(c.x, a.y))
        case .other?, nil: nil
        }
    }
}
