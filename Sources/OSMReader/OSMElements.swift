import Model

/// OSM tags of one element, key to value.
public typealias OSMTags = [String: String]

/// A node kept with its tags (a point of interest). Untagged nodes only contribute coordinates.
public struct OSMNode: Sendable, Hashable {
    public var id: Int64
    /// WGS 84 longitude (x) and latitude (y), degrees.
    public var location: XY
    public var tags: OSMTags
    public init(id: Int64, location: XY, tags: OSMTags) { self.id = id; self.location = location; self.tags = tags }
}

/// A way: an ordered list of node ids and its tags.
public struct OSMWay: Sendable, Hashable {
    public var id: Int64
    public var nodeIDs: [Int64]
    /// Empty for a way kept only because a kept relation lists it (its own tags were not asked for).
    public var tags: OSMTags
    public init(id: Int64, nodeIDs: [Int64], tags: OSMTags) { self.id = id; self.nodeIDs = nodeIDs; self.tags = tags }

    /// Closed: at least a triangle, and the last node is the first.
    public var isClosed: Bool { nodeIDs.count >= 4 && nodeIDs.first == nodeIDs.last }
}

/// The kind of element a relation member refers to.
public enum OSMElementType: String, Sendable, Hashable {
    case node, way, relation
}

/// One member of a relation.
public struct OSMMember: Sendable, Hashable {
    public var type: OSMElementType
    public var ref: Int64
    public var role: String
    public init(type: OSMElementType, ref: Int64, role: String) { self.type = type; self.ref = ref; self.role = role }
}

/// A relation: its members in order and its tags.
public struct OSMRelation: Sendable, Hashable {
    public var id: Int64
    public var members: [OSMMember]
    public var tags: OSMTags
    public init(id: Int64, members: [OSMMember], tags: OSMTags) { self.id = id; self.members = members; self.tags = tags }
}

/// Node coordinates by id, stored as three parallel arrays sorted by id (24 bytes a node, no
/// per-node allocation), looked up by binary search. Holds only the nodes kept ways use.
public struct NodeCoordinates: Sendable {
    public private(set) var ids: [Int64]
    private var lons: [Double]
    private var lats: [Double]

    /// `ids` must be sorted ascending; `lons` and `lats` are parallel to it.
    init(sortedIDs ids: [Int64], lons: [Double], lats: [Double]) {
        self.ids = ids; self.lons = lons; self.lats = lats
    }

    public var count: Int { ids.count }

    /// The node's WGS 84 longitude/latitude, or nil when the file does not have it (a way cut
    /// by the extract's boundary).
    public subscript(id: Int64) -> XY? {
        position(of: id).map { XY(lons[$0], lats[$0]) }
    }

    /// Where `id` is in `ids`, or nil.
    func position(of id: Int64) -> Int? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) >> 1
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// The coordinates of a way's nodes in order, nil where the file lacks a node.
    func points(of nodeIDs: [Int64]) -> [XY?] {
        var points: [XY?] = []
        points.reserveCapacity(nodeIDs.count)
        forEachPosition(of: nodeIDs) { at in points.append(at.map { XY(lons[$0], lats[$0]) }) }
        return points
    }

    /// Where each of a way's nodes is in `ids`, in order, nil where the file lacks one. A way's
    /// nodes were mostly created together (or, in a generated grid, a row apart), so the next
    /// node is first looked for one step on from the previous one, the step being 1 or the
    /// last one taken, and only then searched.
    @inline(__always)
    func forEachPosition(of nodeIDs: [Int64], _ body: (Int?) -> Void) {
        var previous = -1, step = 1
        let count = ids.count
        ids.withUnsafeBufferPointer { ids in
            for id in nodeIDs {
                var at: Int? = nil
                if previous >= 0 {
                    let ahead = previous + step, next = previous + 1
                    if ahead >= 0 && ahead < count && ids[ahead] == id {
                        at = ahead
                    } else if next < count && ids[next] == id {
                        at = next
                    }
                }
                guard let found = at ?? position(of: id) else { body(nil); continue }
                if previous >= 0 { step = found - previous }
                previous = found
                body(found)
            }
        }
    }

    /// The coordinates of the nodes marked in `keep` (parallel to `ids`), in id order.
    func keeping(_ keep: [Bool]) -> NodeCoordinates {
        var outIDs: [Int64] = [], outLons: [Double] = [], outLats: [Double] = []
        let count = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        if count == ids.count { return self }
        outIDs.reserveCapacity(count); outLons.reserveCapacity(count); outLats.reserveCapacity(count)
        for i in ids.indices where keep[i] {
            outIDs.append(ids[i]); outLons.append(lons[i]); outLats.append(lats[i])
        }
        return NodeCoordinates(sortedIDs: outIDs, lons: outLons, lats: outLats)
    }
}

/// What to keep while reading: an element is kept with all its tags when it carries one of the
/// listed keys. Everything else is read once and dropped, so memory follows what is asked for.
public struct OSMFilter: Sendable, Hashable {
    public var nodeKeys: Set<String>
    public var wayKeys: Set<String>
    public var relationKeys: Set<String>

    public init(nodeKeys: Set<String>, wayKeys: Set<String>, relationKeys: Set<String>) {
        self.nodeKeys = nodeKeys; self.wayKeys = wayKeys; self.relationKeys = relationKeys
    }

    /// Everything TwinReach extracts: roads, buildings, administrative boundaries and
    /// public-service points.
    public static let twinReach = OSMFilter(
        nodeKeys: ["amenity", "office"],
        wayKeys: ["highway", "building", "amenity", "office"],
        relationKeys: ["boundary", "building", "amenity", "office"])
}

/// How many elements of each kind the file held (before filtering).
public struct OSMCounts: Sendable, Hashable {
    public var nodes = 0
    public var ways = 0
    public var relations = 0
    public init() {}
}

/// The part of an OSM file that a filter kept, as plain values.
public struct OSMData: Sendable {
    /// The file it came from, for messages.
    public var file: String
    /// Elements of each kind in the file.
    public var counts: OSMCounts
    /// Coordinates of every node a kept way or relation refers to (when the file has it).
    public var coordinates: NodeCoordinates
    /// Nodes that carry a filter key, in file order.
    public var nodes: [OSMNode]
    /// Ways that carry a filter key, then ways only a kept relation refers to, in file order each.
    public var ways: [OSMWay]
    /// Relations that carry a filter key, in file order.
    public var relations: [OSMRelation]
    private var wayIndex: [Int64: Int]
    private var relationIndex: [Int64: Int]

    init(file: String, counts: OSMCounts, coordinates: NodeCoordinates, nodes: [OSMNode],
         ways: [OSMWay], relations: [OSMRelation]) {
        self.file = file; self.counts = counts; self.coordinates = coordinates
        self.nodes = nodes; self.ways = ways; self.relations = relations
        var wayIndex = [Int64: Int](minimumCapacity: ways.count)
        for (i, way) in ways.enumerated() where wayIndex[way.id] == nil { wayIndex[way.id] = i }
        var relationIndex = [Int64: Int](minimumCapacity: relations.count)
        for (i, relation) in relations.enumerated() where relationIndex[relation.id] == nil { relationIndex[relation.id] = i }
        self.wayIndex = wayIndex
        self.relationIndex = relationIndex
    }

    /// A kept way by id.
    public func way(_ id: Int64) -> OSMWay? { wayIndex[id].map { ways[$0] } }

    /// A kept relation by id.
    public func relation(_ id: Int64) -> OSMRelation? { relationIndex[id].map { relations[$0] } }

    /// The coordinates of a way's nodes, split into runs where nodes are missing from the file
    /// (ways cut by the extract's boundary). Each run keeps its node ids.
    public func coordinateRuns(of way: OSMWay) -> [(nodeIDs: [Int64], points: [XY])] {
        let found = coordinates.points(of: way.nodeIDs)
        if !found.contains(nil) { return found.isEmpty ? [] : [(way.nodeIDs, found.map { $0 ?? XY(0, 0) })] }
        var runs: [(nodeIDs: [Int64], points: [XY])] = []
        var ids: [Int64] = [], points: [XY] = []
        for (ref, p) in zip(way.nodeIDs, found) {
            if let p {
                ids.append(ref); points.append(p)
            } else if !ids.isEmpty {
                runs.append((ids, points)); ids = []; points = []
            }
        }
        if !ids.isEmpty { runs.append((ids, points)) }
        return runs
    }

    /// The coordinates of every node of a way, or nil when any is missing from the file.
    public func completeCoordinates(of way: OSMWay) -> [XY]? {
        let points = coordinates.points(of: way.nodeIDs)
        return points.contains(nil) ? nil : points.compactMap { $0 }
    }
}

extension String {
    /// Without leading and trailing spaces (tag values such as "3; 4").
    public func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
