import Model

/// How one travel mode may use a road way.
public struct ModeAccess: Sendable, Hashable {
    /// Travel speed on the way, km/h.
    public var speedKmh: Double
    /// Usable from the way's first node towards its last.
    public var forward: Bool
    /// Usable from the way's last node towards its first.
    public var backward: Bool
    public init(speedKmh: Double, forward: Bool, backward: Bool) {
        self.speedKmh = speedKmh; self.forward = forward; self.backward = backward
    }
}

/// A road way (or the part of one whose nodes the file has), with how walking, biking and
/// driving may use it. A mode that may not use the way has nil.
public struct OSMRoadWay: Sendable, Hashable {
    public var wayID: Int64
    /// The `highway` value.
    public var highway: String
    public var nodeIDs: [Int64]
    /// WGS 84 longitude/latitude of each node.
    public var points: [XY]
    public var walk: ModeAccess?
    public var bike: ModeAccess?
    public var drive: ModeAccess?
}

/// Speeds and class rules of the road extraction. Walking and biking use one speed each
/// (the district's `speeds_kmh`); driving takes `maxspeed` when tagged, else the class default.
public struct RoadProfile: Sendable, Hashable {
    public var walkKmh: Double
    public var bikeKmh: Double
    /// Default driving speed per `highway` class when `maxspeed` is absent or unusable.
    public var driveKmhByClass: [String: Double]
    /// Driving speed for `maxspeed=walk`.
    public var walkingPaceKmh: Double

    public init(walkKmh: Double = 4.5, bikeKmh: Double = 15,
                driveKmhByClass: [String: Double] = RoadProfile.defaultDriveKmh,
                walkingPaceKmh: Double = 5) {
        self.walkKmh = walkKmh; self.bikeKmh = bikeKmh
        self.driveKmhByClass = driveKmhByClass; self.walkingPaceKmh = walkingPaceKmh
    }

    /// Typical free-flow urban speeds when no `maxspeed` is tagged.
    public static let defaultDriveKmh: [String: Double] = [
        "motorway": 100, "motorway_link": 60, "trunk": 80, "trunk_link": 50,
        "primary": 60, "primary_link": 40, "secondary": 50, "secondary_link": 35,
        "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "residential": 30,
        "living_street": 10, "service": 15, "road": 30,
    ]

    /// Classes a car may use (SOURCES.md's "drivable" set).
    public static let drivableClasses: Set<String> = Set(defaultDriveKmh.keys)

    /// Classes walkable unless tagged otherwise. Motorways, raceways, bus-only and classes
    /// under construction are not; cycleways and bridleways only with `foot=yes` or similar.
    public static let walkableClasses: Set<String> = [
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road",
        "pedestrian", "footway", "path", "steps", "track", "corridor", "elevator", "crossing", "platform",
        "trail",
    ]

    /// Classes nobody walks whatever the tags say.
    public static let neverWalked: Set<String> = [
        "motorway", "motorway_link", "construction", "proposed", "raceway", "abandoned", "bus_guideway",
        "via_ferrata", "disused",
    ]

    /// Classes bikeable unless tagged otherwise; footways and pedestrian streets only with
    /// `bicycle=yes` or similar; never steps.
    public static let bikeableClasses: Set<String> = [
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road",
        "cycleway", "path", "track",
    ]
}

/// Positive access values: the mode may use the way.
private let allowed: Set<String> = ["yes", "designated", "permissive", "destination", "delivery", "customers", "official"]
/// Negative access values.
private let forbidden: Set<String> = ["no", "private", "agricultural", "forestry", "use_sidepath", "discouraged", "military"]

/// The access verdict of the most specific tag present, most specific first: nil when none is
/// tagged or the value says nothing either way.
private func accessVerdict(_ tags: OSMTags, keys: [String]) -> Bool? {
    for key in keys {
        guard let value = tags[key] else { continue }
        let first = value.split(separator: ";").first.map { String($0).trimmingSpaces() } ?? value
        if allowed.contains(first) { return true }
        if forbidden.contains(first) { return false }
    }
    return nil
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Parses an OSM `maxspeed` value to km/h: plain numbers are km/h; "N mph", "N knots",
/// "N km/h"/"N kmh"; "walk" gives `walkingPaceKmh`; "none" and "signals"/"variable" give nil
/// (use the class default); zone values such as "DE:zone30"/"zone:30" give their number;
/// country defaults "XX:urban" 50, "XX:rural" 90, "XX:motorway" 130, "XX:living_street" 10.
/// Several values separated by ";" take the first. Unparseable values give nil.
public func parseMaxspeedKmh(_ raw: String, walkingPaceKmh: Double = 5) -> Double? {
    var text = raw.split(separator: ";").first.map(String.init)?.trimmingSpaces().lowercased() ?? ""
    if text.isEmpty { return nil }
    switch text {
    case "walk": return walkingPaceKmh
    case "none", "signals", "variable", "unknown": return nil
    default: break
    }
    if let zone = text.range(of: "zone") {
        // "DE:zone30", "DE:zone:30", "zone:30"
        let digits = text[zone.upperBound...].filter(\.isNumber)
        if let value = Double(digits), value > 0 { return value }
        return nil
    }
    if let colon = text.firstIndex(of: ":") {
        let rest = String(text[text.index(after: colon)...])
        switch rest {
        case "urban": return 50
        case "rural", "trunk": return 90
        case "motorway": return 130
        case "living_street", "walk": return rest == "walk" ? walkingPaceKmh : 10
        default: return nil
        }
    }
    var factor = 1.0
    for (suffix, f) in [("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0), ("mph", 1.609344), ("knots", 1.852)] where text.hasSuffix(suffix) {
        text = String(text.dropLast(suffix.count)).trimmingSpaces()
        factor = f
        break
    }
    guard let value = Double(text), value.isFinite, value > 0 else { return nil }
    return value * factor
}

/// Driving direction from `oneway`, `junction` and the class: (forward, backward), or nil
/// when the way cannot be driven in a fixed direction (`oneway=reversible`, whose direction
/// changes with the time of day, is left out as OSRM does).
func driveDirection(_ tags: OSMTags, highway: String) -> (forward: Bool, backward: Bool)? {
    switch tags["oneway"] {
    case "yes", "1", "true": return (true, false)
    case "-1", "reverse": return (false, true)
    case "reversible", "alternating": return nil
    case "no", "0", "false": return (true, true)
    default: break
    }
    if let junction = tags["junction"], junction == "roundabout" || junction == "circular" { return (true, false) }
    if highway == "motorway" || highway == "motorway_link" { return (true, false) }
    return (true, true)
}

/// Road ways and what the extraction left out.
public struct RoadExtraction: Sendable {
    public var ways: [OSMRoadWay]
    /// `highway=*` ways no mode may use (footways for driving do not count: a way is listed here
    /// only when walk, bike and drive all refuse it, or it is an area or too short).
    public var unusableWayCount: Int
    /// Node references of road ways that the file lacks (ways cut at the extract's edge are
    /// split there, never bridged).
    public var missingNodeCount: Int
}

extension OSMData {
    /// Road ways usable by at least one mode. `area=yes` ways are left out (a pedestrian square's
    /// outline is not a street). Walking and biking are allowed both ways; driving follows
    /// `oneway`, roundabouts and motorways. A way cut by the extract's edge becomes one road way
    /// per run of nodes the file has.
    public func roadWays(profile: RoadProfile = RoadProfile()) -> RoadExtraction {
        var result: [OSMRoadWay] = []
        var unusable = 0, missing = 0
        for way in ways {
            guard let highway = way.tags["highway"] else { continue }
            let tags = way.tags
            let walk = walkAccess(tags, highway: highway, profile: profile)
            let bike = bikeAccess(tags, highway: highway, profile: profile)
            let drive = driveAccess(tags, highway: highway, profile: profile)
            guard walk != nil || bike != nil || drive != nil else { unusable += 1; continue }
            let runs = coordinateRuns(of: way)
            missing += way.nodeIDs.count - runs.reduce(0) { $0 + $1.nodeIDs.count }
            var any = false
            for run in runs where run.nodeIDs.count >= 2 {
                any = true
                result.append(OSMRoadWay(wayID: way.id, highway: highway, nodeIDs: run.nodeIDs, points: run.points,
                                         walk: walk, bike: bike, drive: drive))
            }
            if !any { unusable += 1 }
        }
        return RoadExtraction(ways: result, unusableWayCount: unusable, missingNodeCount: missing)
    }
}

private func isArea(_ tags: OSMTags) -> Bool { tags["area"] == "yes" }

private func generalVerdict(_ tags: OSMTags) -> Bool? {
    accessVerdict(tags, keys: ["access"])
}

func walkAccess(_ tags: OSMTags, highway: String, profile: RoadProfile) -> ModeAccess? {
    guard !isArea(tags), !RoadProfile.neverWalked.contains(highway) else { return nil }
    switch accessVerdict(tags, keys: ["foot"]) {
    case false?: return nil
    case true?: break  // `foot=yes` opens any other class (a cycleway, a bridleway)
    case nil:
        guard RoadProfile.walkableClasses.contains(highway), generalVerdict(tags) != false else { return nil }
        if tags["sidewalk"] == "no" && (highway == "trunk" || highway == "trunk_link") { return nil }
    }
    return ModeAccess(speedKmh: profile.walkKmh, forward: true, backward: true)
}

func bikeAccess(_ tags: OSMTags, highway: String, profile: RoadProfile) -> ModeAccess? {
    guard !isArea(tags), highway != "steps" else { return nil }
    let specific = accessVerdict(tags, keys: ["bicycle", "vehicle"])
    if specific == false { return nil }
    if specific != true {
        guard RoadProfile.bikeableClasses.contains(highway) else { return nil }
        if generalVerdict(tags) == false { return nil }
    } else {
        let riddenWithPermission: Set<String> = RoadProfile.bikeableClasses.union(["footway", "pedestrian", "bridleway"])
        guard riddenWithPermission.contains(highway) else { return nil }
    }
    return ModeAccess(speedKmh: profile.bikeKmh, forward: true, backward: true)
}

func driveAccess(_ tags: OSMTags, highway: String, profile: RoadProfile) -> ModeAccess? {
    guard !isArea(tags), let classKmh = profile.driveKmhByClass[highway] else { return nil }
    let specific = accessVerdict(tags, keys: ["motorcar", "motor_vehicle", "vehicle", "access"])
    if specific == false { return nil }
    guard let direction = driveDirection(tags, highway: highway) else { return nil }
    let kmh = tags["maxspeed"].flatMap { parseMaxspeedKmh($0, walkingPaceKmh: profile.walkingPaceKmh) } ?? classKmh
    return ModeAccess(speedKmh: kmh, forward: direction.forward, backward: direction.backward)
}
