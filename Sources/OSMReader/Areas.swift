import Model

// MARK: - Administrative boundaries

/// One member way of a boundary relation as a line, with its role ("outer", "inner", or ""
/// which OSM reads as outer).
public struct BoundaryLine: Sendable, Hashable {
    public var wayID: Int64
    public var role: String
    /// WGS 84 longitude/latitude of the way's nodes, in way order.
    public var points: [XY]
}

/// A `boundary=administrative` relation as its member lines; polygons are assembled elsewhere
/// (GEOS polygonize in the Geometry module).
public struct OSMAdminBoundary: Sendable, Hashable {
    public var relationID: Int64
    public var adminLevel: Int
    public var name: String?
    public var tags: OSMTags
    public var lines: [BoundaryLine]
    /// Member ways the file lacks, wholly or in part (relations cut by the extract's edge).
    public var missingWayIDs: [Int64]
    /// Every member way is present with all its nodes.
    public var isComplete: Bool { missingWayIDs.isEmpty }
}

extension OSMData {
    /// `boundary=administrative` relations at `adminLevel` (every level when nil), in file order.
    /// Needs `boundary` among the filter's relation keys.
    public func administrativeBoundaries(adminLevel: Int? = nil) -> [OSMAdminBoundary] {
        var result: [OSMAdminBoundary] = []
        for relation in relations where relation.tags["boundary"] == "administrative" {
            guard let level = relation.tags["admin_level"].flatMap({ Int($0.trimmingSpaces()) }) else { continue }
            if let adminLevel, level != adminLevel { continue }
            var lines: [BoundaryLine] = []
            var missing: [Int64] = []
            for member in relation.members where member.type == .way {
                guard let way = way(member.ref), let points = completeCoordinates(of: way) else {
                    missing.append(member.ref); continue
                }
                lines.append(BoundaryLine(wayID: way.id, role: member.role, points: points))
            }
            result.append(OSMAdminBoundary(relationID: relation.id, adminLevel: level, name: relation.tags["name"],
                                           tags: relation.tags, lines: lines, missingWayIDs: missing))
        }
        return result
    }
}

// MARK: - Buildings

/// A building footprint from a closed way or a multipolygon relation.
public struct OSMBuilding: Sendable, Hashable {
    /// `.way` or `.relation`.
    public var element: OSMElementType
    public var id: Int64
    /// The `building` value ("yes", "house", "apartments", ...).
    public var building: String
    /// `building:levels` when tagged with a number.
    public var levels: Double?
    /// Footprint polygons in WGS 84 longitude/latitude, rings closed.
    public var footprint: MultiPolygon
    public var tags: OSMTags
}

/// Buildings and those that could not be built.
public struct BuildingExtraction: Sendable {
    public var buildings: [OSMBuilding]
    /// Building ways that are not closed or lack nodes, and building relations whose rings do
    /// not close: counted, not silently dropped.
    public var skippedWayIDs: [Int64]
    public var skippedRelationIDs: [Int64]
}

extension OSMData {
    /// Closed ways and multipolygon relations tagged `building=*` (not `building=no`), in file
    /// order, ways first. Needs `building` among the filter's way and relation keys.
    public func buildings() -> BuildingExtraction {
        var result: [OSMBuilding] = []
        var skippedWays: [Int64] = [], skippedRelations: [Int64] = []
        for way in ways {
            guard let building = way.tags["building"], building != "no" else { continue }
            guard way.isClosed, let ring = completeCoordinates(of: way) else { skippedWays.append(way.id); continue }
            result.append(OSMBuilding(element: .way, id: way.id, building: building,
                                      levels: way.tags["building:levels"].flatMap(parseLeadingNumber),
                                      footprint: MultiPolygon([Polygon(exterior: ring)]), tags: way.tags))
        }
        for relation in relations {
            guard let building = relation.tags["building"], building != "no",
                  relation.tags["type"] == "multipolygon" else { continue }
            guard let footprint = multipolygon(of: relation) else { skippedRelations.append(relation.id); continue }
            result.append(OSMBuilding(element: .relation, id: relation.id, building: building,
                                      levels: relation.tags["building:levels"].flatMap(parseLeadingNumber),
                                      footprint: footprint, tags: relation.tags))
        }
        return BuildingExtraction(buildings: result, skippedWayIDs: skippedWays, skippedRelationIDs: skippedRelations)
    }

    /// A multipolygon relation's rings joined from its member ways (outer and inner, each inner
    /// placed in the outer that contains its first point), or nil when an outer member is
    /// missing or a ring does not close. Inner members the file lacks are left out.
    public func multipolygon(of relation: OSMRelation) -> MultiPolygon? {
        var outerLists: [[Int64]] = [], innerLists: [[Int64]] = []
        for member in relation.members where member.type == .way {
            let isInner = member.role == "inner"
            guard let way = way(member.ref) else {
                if isInner { continue }  // a missing courtyard leaves the footprint whole
                return nil
            }
            if isInner { innerLists.append(way.nodeIDs) } else { outerLists.append(way.nodeIDs) }
        }
        guard let outerRings = joinRings(outerLists), let innerRings = joinRings(innerLists), !outerRings.isEmpty else {
            return nil
        }
        func points(_ ids: [Int64]) -> [XY]? {
            var out: [XY] = []
            out.reserveCapacity(ids.count)
            for id in ids { guard let p = coordinates[id] else { return nil }; out.append(p) }
            return out
        }
        var polygons: [Polygon] = []
        for ring in outerRings {
            guard let exterior = points(ring) else { return nil }
            polygons.append(Polygon(exterior: exterior))
        }
        for ring in innerRings {
            guard let hole = points(ring) else { continue }
            let owner = polygons.firstIndex { ringContains($0.exterior, hole[0]) } ?? 0
            polygons[owner].holes.append(hole)
        }
        return MultiPolygon(polygons)
    }
}

/// Joins node-id lists end to end into closed rings (reversing pieces as needed); nil when
/// some piece cannot be closed into a ring.
func joinRings(_ lists: [[Int64]]) -> [[Int64]]? {
    var rings: [[Int64]] = []
    var pending = lists.filter { !$0.isEmpty }
    while !pending.isEmpty {
        var ring = pending.removeFirst()
        while !(ring.count >= 4 && ring.first == ring.last) {
            guard let end = ring.last else { return nil }
            if let j = pending.firstIndex(where: { $0.first == end }) {
                ring.append(contentsOf: pending.remove(at: j).dropFirst())
            } else if let j = pending.firstIndex(where: { $0.last == end }) {
                ring.append(contentsOf: pending.remove(at: j).reversed().dropFirst())
            } else {
                return nil
            }
        }
        rings.append(ring)
    }
    return rings
}

/// Even-odd point-in-ring test (planar, in the ring's own coordinates).
func ringContains(_ ring: [XY], _ p: XY) -> Bool {
    var inside = false
    var j = ring.count - 1
    for i in ring.indices {
        let a = ring[i], b = ring[j]
        if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
        j = i
    }
    return inside
}

/// The leading number of a tag value ("3", "2.5", "3;4" -> 3), or nil.
func parseLeadingNumber(_ raw: String) -> Double? {
    let first = raw.split(separator: ";").first.map { String($0).trimmingSpaces() } ?? ""
    guard let value = Double(first), value.isFinite, value >= 0 else { return nil }
    return value
}

// MARK: - Public-service points

/// The public-service kinds TwinReach reads from OSM tags.
public enum PublicServiceKind: String, Sendable, CaseIterable, Hashable {
    case townhall
    case governmentOffice = "government_office"
    case postOffice = "post_office"
    case library
    case communityCentre = "community_centre"
    case police
    case courthouse
    case socialFacility = "social_facility"

    /// The kind of an element's tags: its `amenity` first, then `office=government`.
    public init?(tags: OSMTags) {
        if let amenity = tags["amenity"], let kind = PublicServiceKind(rawValue: amenity), kind != .governmentOffice {
            self = kind
        } else if tags["office"] == "government" {
            self = .governmentOffice
        } else {
            return nil
        }
    }
}

/// A public-service point: a node's position, or the centroid of a way's or relation's area.
public struct OSMServicePoint: Sendable, Hashable {
    public var element: OSMElementType
    public var id: Int64
    public var kind: PublicServiceKind
    public var name: String?
    /// WGS 84 longitude/latitude.
    public var location: XY
    public var tags: OSMTags
}

/// An element as a point: its position, or the centroid of its area (`OSMData.points(where:)`).
public struct OSMPoint: Sendable, Hashable {
    public var element: OSMElementType
    public var id: Int64
    public var name: String?
    /// WGS 84 longitude/latitude.
    public var location: XY
    public var tags: OSMTags
    public init(element: OSMElementType, id: Int64, name: String?, location: XY, tags: OSMTags) {
        self.element = element; self.id = id; self.name = name; self.location = location; self.tags = tags
    }
}

extension OSMData {
    /// Public-service points (elements with a `PublicServiceKind`) in file order, located as
    /// `points(where:)` does.
    public func servicePoints() -> [OSMServicePoint] {
        points { PublicServiceKind(tags: $0) != nil }.compactMap { p in
            PublicServiceKind(tags: p.tags).map {
                OSMServicePoint(element: p.element, id: p.id, kind: $0, name: p.name, location: p.location, tags: p.tags)
            }
        }
    }

    /// The elements whose tags `match`, as points, in file order: nodes, then ways, then
    /// relations. Ways use their area centroid when closed, else the mean of their nodes (also
    /// for ways cut by the extract's edge: the mean of the nodes the file has); relations use
    /// the area-weighted centroid of their outer rings, else the mean of their members' nodes.
    public func points(where match: (OSMTags) -> Bool) -> [OSMPoint] {
        var result: [OSMPoint] = []
        for node in nodes {
            guard match(node.tags) else { continue }
            result.append(OSMPoint(element: .node, id: node.id, name: node.tags["name"],
                                          location: node.location, tags: node.tags))
        }
        for way in ways {
            guard match(way.tags) else { continue }
            let location: XY?
            if way.isClosed, let ring = completeCoordinates(of: way) {
                location = areaCentroid([ring]) ?? meanPoint(ring.dropLast())
            } else {
                location = meanPoint(way.nodeIDs.compactMap { coordinates[$0] })
            }
            guard let location else { continue }
            result.append(OSMPoint(element: .way, id: way.id, name: way.tags["name"],
                                          location: location, tags: way.tags))
        }
        for relation in relations {
            guard match(relation.tags) else { continue }
            var location: XY? = nil
            if let area = multipolygon(of: relation) { location = areaCentroid(area.polygons.map(\.exterior)) }
            if location == nil {
                var points: [XY] = []
                for member in relation.members {
                    switch member.type {
                    case .node: if let p = coordinates[member.ref] { points.append(p) }
                    case .way: if let w = way(member.ref) { points.append(contentsOf: w.nodeIDs.compactMap { coordinates[$0] }) }
                    case .relation: break
                    }
                }
                location = meanPoint(points)
            }
            guard let location else { continue }
            result.append(OSMPoint(element: .relation, id: relation.id, name: relation.tags["name"],
                                          location: location, tags: relation.tags))
        }
        return result
    }
}

/// The area-weighted centroid of closed rings (planar shoelace in degrees: fine at building
/// scale), or nil when their total area is zero.
func areaCentroid(_ rings: [[XY]]) -> XY? {
    var area2 = 0.0, cx = 0.0, cy = 0.0
    for ring in rings where ring.count >= 4 {
        // Shift to the first point to keep the products small.
        let o = ring[0]
        for i in 0..<(ring.count - 1) {
            let a = XY(ring[i].x - o.x, ring[i].y - o.y), b = XY(ring[i + 1].x - o.x, ring[i + 1].y - o.y)
            let cross = a.x * b.y - b.x * a.y
            area2 += cross
            cx += (a.x + b.x) * cross + 3 * o.x * cross
            cy += (a.y + b.y) * cross + 3 * o.y * cross
        }
    }
    guard area2 != 0 else { return nil }
    return XY(cx / (3 * area2), cy / (3 * area2))
}

func meanPoint<C: Collection>(_ points: C) -> XY? where C.Element == XY {
    guard !points.isEmpty else { return nil }
    var x = 0.0, y = 0.0
    for p in points { x += p.x; y += p.y }
    return XY(x / Double(points.count), y / Double(points.count))
}
