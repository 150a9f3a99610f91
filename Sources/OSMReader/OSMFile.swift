import CReadOSM
import Foundation
import Model

/// Owns one readosm handle: opened by `open`, closed exactly once by `deinit` (readosm asks for
/// a close even when the open failed).
final class ReadOSMHandle {
    fileprivate let raw: UnsafeRawPointer?

    private init(raw: UnsafeRawPointer?) { self.raw = raw }

    deinit {
        if let raw { _ = readosm_close(raw) }
    }

    /// Opens `path`; the returned object owns the handle even when `status` is an error.
    static func open(_ path: String) -> (handle: ReadOSMHandle, status: Int32) {
        var raw: UnsafeRawPointer? = nil
        let status = readosm_open(path, &raw)
        return (ReadOSMHandle(raw: raw), status)
    }
}

/// Reads `.osm.pbf` and `.osm` (XML) files with readosm.
public enum OSMFile {
    /// Reads the elements `filter` asks for.
    ///
    /// A `.osm.pbf` is read in two passes, so that a province's file fits in memory: first the
    /// ways and relations (kept ones whole; untagged or uninteresting ways only as node-id lists,
    /// and only when the filter keeps relations, whose members they may be), then the nodes, of
    /// which only those the kept ways and relations use are held (24 bytes each), whatever the
    /// element order. An `.osm` (XML) is read in one pass, every node's coordinates held in flat
    /// arrays and pruned afterwards: XML is district-sized, and a second pass would read it twice.
    ///
    /// Throws `InputError` naming the file: `.missingInput` when it does not exist,
    /// `.badData` when it is not OSM or is truncated or corrupt; `InputErrors` (`.badData`,
    /// `node ID: ...`) when a node's latitude or longitude is not a number within ±90/±180, and
    /// (`file:LINE: ...`) for XML that readosm cannot read safely (see `OSMXMLCheck`).
    public static func read(_ url: URL, filter: OSMFilter = .twinReach) throws -> OSMData {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(.missingInput, file: path, .file, "no such file")
        }
        let lower = path.lowercased()
        guard lower.hasSuffix(".osm") || lower.hasSuffix(".pbf") else {
            throw InputError(.badData, file: path, .file, "not an OpenStreetMap file: the name must end in .osm or .osm.pbf")
        }
        let collector = Collector(filter: filter)
        if lower.hasSuffix(".osm") {
            try OSMXMLCheck.check(path: path)
            collector.nodes.reserve(forXMLBytes: (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
            try parse(path, collector, nodes: true, ways: true)
            if let problems = collector.coordinateProblems(file: path) { throw problems }
            return collector.finish(file: path)
        }
        try parse(path, collector, nodes: false, ways: true)
        collector.keepOnlyNeededNodes()
        try parse(path, collector, nodes: true, ways: false)
        if let problems = collector.coordinateProblems(file: path) { throw problems }
        return collector.finishNeeded(file: path)
    }

    /// One readosm pass over `path`, handing the nodes, or the ways and relations, to `collector`.
    static func parse(_ path: String, _ collector: Collector, nodes: Bool, ways: Bool) throws {
        let (handle, openStatus) = ReadOSMHandle.open(path)
        guard openStatus == READOSM_OK, let raw = handle.raw else {
            throw error(openStatus, path: path)
        }
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        let nodeCallback: readosm_node_callback? = !nodes ? nil : { user, node in
            guard let user, let node else { return READOSM_ABORT }
            Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().add(node.pointee)
            return READOSM_OK
        }
        let wayCallback: readosm_way_callback? = !ways ? nil : { user, way in
            guard let user, let way else { return READOSM_ABORT }
            Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().add(way.pointee)
            return READOSM_OK
        }
        let relationCallback: readosm_relation_callback? = !ways ? nil : { user, relation in
            guard let user, let relation else { return READOSM_ABORT }
            Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().add(relation.pointee)
            return READOSM_OK
        }
        let status = readosm_parse(raw, context.toOpaque(), nodeCallback, wayCallback, relationCallback)
        withExtendedLifetime(handle) {}
        guard status == READOSM_OK else { throw error(status, path: path) }
    }

    /// A readosm status as the contract's error.
    static func error(_ status: Int32, path: String) -> InputError {
        switch status {
        case READOSM_FILE_NOT_FOUND:
            return InputError(.missingInput, file: path, .file, "cannot open for reading")
        case READOSM_INVALID_SUFFIX:
            return InputError(.badData, file: path, .file, "not an OpenStreetMap file: the name must end in .osm or .osm.pbf")
        case READOSM_INSUFFICIENT_MEMORY:
            return InputError(.internalError, file: path, .file, "out of memory while reading OpenStreetMap data")
        case READOSM_READ_ERROR:
            return InputError(.badData, file: path, .file, "OpenStreetMap file is truncated or unreadable (readosm read error)")
        case READOSM_XML_ERROR:
            return InputError(.badData, file: path, .file, "OpenStreetMap XML is malformed or truncated (readosm XML error)")
        case READOSM_INVALID_PBF_HEADER:
            return InputError(.badData, file: path, .file, "OpenStreetMap PBF is corrupt (invalid block header)")
        case READOSM_UNZIP_ERROR:
            return InputError(.badData, file: path, .file, "OpenStreetMap PBF is corrupt (a block does not decompress)")
        default:
            return InputError(.badData, file: path, .file, "cannot read OpenStreetMap data (readosm status \(status))")
        }
    }
}

/// Accumulates what the callbacks hand over during one parse.
final class Collector {
    let filter: OSMFilter
    var counts = OSMCounts()
    /// What the node callback fills: one value, so that a node costs one access to the
    /// collector (each access of a class's property is checked for exclusivity at run time).
    var nodes = NodePass()
    var keptNodes: [OSMNode] = []
    // Kept ways, then untagged (or uninteresting) ways as flat node-id lists.
    var keptWays: [OSMWay] = []
    var otherWayIDs: [Int64] = []
    var otherWayOffsets: [Int] = [0]
    var otherWayRefs: [Int64] = []
    var keptRelations: [OSMRelation] = []
    var selectedWays: [OSMWay] = []

    init(filter: OSMFilter) { self.filter = filter }

    static let badNodesListed = 50

    func add(_ node: readosm_node) {
        nodes.add(node.id, lon: node.longitude, lat: node.latitude)
        if node.tag_count > 0, let tags = node.tags,
           let kept = Self.tagsIfInteresting(tags, count: Int(node.tag_count), keys: filter.nodeKeys) {
            keptNodes.append(OSMNode(id: node.id, location: XY(node.longitude, node.latitude), tags: kept))
        }
    }

    func add(_ way: readosm_way) {
        counts.ways += 1
        let refs = way.node_refs.map { Array(UnsafeBufferPointer(start: $0, count: Int(way.node_ref_count))) } ?? []
        if way.tag_count > 0, let tags = way.tags,
           let kept = Self.tagsIfInteresting(tags, count: Int(way.tag_count), keys: filter.wayKeys) {
            keptWays.append(OSMWay(id: way.id, nodeIDs: refs, tags: kept))
        } else if !filter.relationKeys.isEmpty { // only a kept relation can make them needed
            otherWayIDs.append(way.id)
            otherWayRefs.append(contentsOf: refs)
            otherWayOffsets.append(otherWayRefs.count)
        }
    }

    func add(_ relation: readosm_relation) {
        counts.relations += 1
        guard relation.tag_count > 0, let tags = relation.tags,
              let kept = Self.tagsIfInteresting(tags, count: Int(relation.tag_count), keys: filter.relationKeys)
        else { return }
        var members: [OSMMember] = []
        if let raw = relation.members {
            members.reserveCapacity(Int(relation.member_count))
            for m in UnsafeBufferPointer(start: raw, count: Int(relation.member_count)) {
                let type: OSMElementType
                switch m.member_type {
                case READOSM_MEMBER_NODE: type = .node
                case READOSM_MEMBER_WAY: type = .way
                default: type = .relation
                }
                members.append(OSMMember(type: type, ref: m.id, role: m.role.map { String(cString: $0) } ?? ""))
            }
        }
        keptRelations.append(OSMRelation(id: relation.id, members: members, tags: kept))
    }

    /// Why a node's latitude/longitude cannot be a place, or nil (readosm gives NaN for `lat="nan"`).
    static func coordinateProblem(lat: Double, lon: Double) -> String? {
        if !lat.isFinite || !(-90...90).contains(lat) { return "latitude \(lat) is not a number within -90..90" }
        if !lon.isFinite || !(-180...180).contains(lon) { return "longitude \(lon) is not a number within -180..180" }
        return nil
    }

    /// Every listed bad node as an error naming its id, then one line counting the rest.
    func coordinateProblems(file: String) -> InputErrors? {
        let badNodes = nodes.badNodes, badNodeCount = nodes.badNodeCount
        guard badNodeCount > 0 else { return nil }
        var errors = badNodes.map { InputError(.badData, file: file, .file, "node \($0.id): \($0.message)") }
        if badNodeCount > badNodes.count {
            errors.append(InputError(.badData, file: file, .file, "... and \(badNodeCount - badNodes.count) more nodes with unusable coordinates"))
        }
        return InputErrors(errors)
    }

    /// All tags as Swift strings when any key is in `keys`; nil otherwise (no strings made).
    static func tagsIfInteresting(_ tags: UnsafePointer<readosm_tag>, count: Int, keys: Set<String>) -> OSMTags? {
        let buffer = UnsafeBufferPointer(start: tags, count: count)
        var interesting = false
        for tag in buffer {
            guard let key = tag.key else { continue }
            if keys.contains(String(cString: key)) { interesting = true; break }
        }
        guard interesting else { return nil }
        var result = OSMTags(minimumCapacity: count)
        for tag in buffer {
            guard let key = tag.key else { continue }
            result[String(cString: key)] = tag.value.map { String(cString: $0) } ?? ""
        }
        return result
    }

    /// The kept ways, then the ways only a kept relation names (first of each id, in file order).
    func selectWays() -> [OSMWay] {
        var memberWays = Set<Int64>()
        for relation in keptRelations {
            for m in relation.members where m.type == .way { memberWays.insert(m.ref) }
        }
        for way in keptWays { memberWays.remove(way.id) }
        var ways = keptWays
        if !memberWays.isEmpty {
            for i in otherWayIDs.indices where memberWays.contains(otherWayIDs[i]) {
                let refs = Array(otherWayRefs[otherWayOffsets[i]..<otherWayOffsets[i + 1]])
                ways.append(OSMWay(id: otherWayIDs[i], nodeIDs: refs, tags: [:]))
                memberWays.remove(otherWayIDs[i])
            }
        }
        otherWayIDs = []; otherWayRefs = []; otherWayOffsets = []
        return ways
    }

    /// Between the two passes: the ways are final; only their nodes' coordinates are kept next.
    func keepOnlyNeededNodes() {
        selectedWays = selectWays()
        nodes.needed = NeededNodes(neededNodeIDs(selectedWays))
    }

    /// The node ids the ways and the kept relations' node members use (with repeats).
    func neededNodeIDs(_ ways: [OSMWay]) -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(ways.reduce(0) { $0 + $1.nodeIDs.count })
        for way in ways { ids.append(contentsOf: way.nodeIDs) }
        for relation in keptRelations {
            for m in relation.members where m.type == .node { ids.append(m.ref) }
        }
        return ids
    }

    func finishNeeded(file: String) -> OSMData {
        let coordinates = nodes.needed?.coordinates() ?? NodeCoordinates(sortedIDs: [], lons: [], lats: [])
        counts.nodes = nodes.count
        nodes = NodePass()
        return OSMData(file: file, counts: counts, coordinates: coordinates,
                       nodes: keptNodes, ways: selectedWays, relations: keptRelations)
    }

    /// The one-pass read's end: the coordinates of the nodes the kept ways and relations use,
    /// picked from every node held, by the same rule as the two-pass read (sorted ids; the first
    /// of a duplicated node wins).
    func finish(file: String) -> OSMData {
        let ways = selectWays()
        let coordinates: NodeCoordinates
        if nodes.ascending {
            coordinates = usedOfAscendingNodes(ways)
        } else {
            var needed = NeededNodes(neededNodeIDs(ways))
            for i in nodes.ids.indices { needed.record(nodes.ids[i], lon: nodes.lons[i], lat: nodes.lats[i]) }
            coordinates = needed.coordinates()
        }
        counts.nodes = nodes.count
        nodes = NodePass()
        return OSMData(file: file, counts: counts, coordinates: coordinates,
                       nodes: keptNodes, ways: ways, relations: keptRelations)
    }

    /// The one-pass read's coordinates when the nodes came in increasing id order (sorted and
    /// unique as they lie): each node a kept way or relation uses is marked where it lies,
    /// found one step on from the way's previous node, and the marked ones are kept. The same
    /// coordinates as `NeededNodes` gives, without sorting every reference.
    func usedOfAscendingNodes(_ ways: [OSMWay]) -> NodeCoordinates {
        let all = NodeCoordinates(sortedIDs: nodes.ids, lons: nodes.lons, lats: nodes.lats)
        var used = [Bool](repeating: false, count: all.count)
        for way in ways {
            all.forEachPosition(of: way.nodeIDs) { if let at = $0 { used[at] = true } }
        }
        for relation in keptRelations {
            for m in relation.members where m.type == .node { if let at = all.position(of: m.ref) { used[at] = true } }
        }
        return all.keeping(used)
    }
}

/// The nodes of one pass: every node flat (the one-pass read), or, in a two-pass read's node
/// pass, the needed ones only; how many there were, and those whose coordinates are not a
/// place on Earth (the first ones by id and message, and how many: such a file is refused, as
/// dropping the nodes would change the network silently).
struct NodePass {
    var count = 0
    var ids: [Int64] = [], lons: [Double] = [], lats: [Double] = []
    /// Every node so far came with a larger id than the one before (as OpenStreetMap writes
    /// files): the flat arrays are then sorted and unique.
    var ascending = true
    /// In a two-pass read, the nodes the kept ways and relations use (set between the passes).
    var needed: NeededNodes?
    var badNodes: [(id: Int64, message: String)] = []
    var badNodeCount = 0

    mutating func add(_ id: Int64, lon: Double, lat: Double) {
        count += 1
        if let problem = Collector.coordinateProblem(lat: lat, lon: lon) {
            badNodeCount += 1
            if badNodes.count < Collector.badNodesListed { badNodes.append((id, problem)) }
        }
        if needed != nil {
            needed?.record(id, lon: lon, lat: lat)
            return
        }
        if let last = ids.last, last >= id { ascending = false }
        ids.append(id); lons.append(lon); lats.append(lat)
    }

    /// Room for the nodes of an XML file of `bytes` (a node line is 60 bytes or more), so that
    /// the flat arrays are not copied as they grow; pages not filled are never touched.
    mutating func reserve(forXMLBytes bytes: Int) {
        let nodes = max(0, bytes / 60)
        ids.reserveCapacity(nodes); lons.reserveCapacity(nodes); lats.reserveCapacity(nodes)
    }
}

/// The node ids a two-pass read needs (sorted, unique) and, as the node pass finds them, their
/// coordinates: the first of a duplicated id wins, as in the one-pass read. The file's nodes are
/// usually sorted by id, so the lookup walks forward; out of order, it searches.
struct NeededNodes {
    private var ids: [Int64]
    private var lons: [Double]
    private var lats: [Double]
    private var found: [Bool]
    private var cursor = 0

    init(_ ids: consuming [Int64]) {
        ids.sort()
        var unique = 0
        for i in ids.indices where unique == 0 || ids[unique - 1] != ids[i] { ids[unique] = ids[i]; unique += 1 }
        ids.removeLast(ids.count - unique)
        self.ids = ids
        lons = Array(repeating: 0, count: unique)
        lats = Array(repeating: 0, count: unique)
        found = Array(repeating: false, count: unique)
    }

    mutating func record(_ id: Int64, lon: Double, lat: Double) {
        if cursor > 0 && ids[cursor - 1] >= id { cursor = lowerBound(id) }
        while cursor < ids.count && ids[cursor] < id { cursor += 1 }
        guard cursor < ids.count, ids[cursor] == id else { return }
        if !found[cursor] { found[cursor] = true; lons[cursor] = lon; lats[cursor] = lat }
        cursor += 1
    }

    private func lowerBound(_ id: Int64) -> Int {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) >> 1
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The coordinates of the needed nodes the file has (a way cut by the extract's boundary
    /// names nodes it does not).
    func coordinates() -> NodeCoordinates {
        var outIDs: [Int64] = [], outLons: [Double] = [], outLats: [Double] = []
        let count = found.reduce(0) { $0 + ($1 ? 1 : 0) }
        outIDs.reserveCapacity(count); outLons.reserveCapacity(count); outLats.reserveCapacity(count)
        for i in ids.indices where found[i] {
            outIDs.append(ids[i]); outLons.append(lons[i]); outLats.append(lats[i])
        }
        return NodeCoordinates(sortedIDs: outIDs, lons: outLons, lats: outLats)
    }
}
