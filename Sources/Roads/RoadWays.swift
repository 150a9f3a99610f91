import Model
import OSMReader

/// How one travel mode may use a road way.
public struct ModeAccess: Sendable, Hashable {
    /// Travel speed on the way, km/h.
    public var speedKmh: Double
    /// Usable from the way's first node towards its last.
    public var forward: Bool
    /// Usable from the way's last node towards its first.
    public var backward: Bool
    /// How the way's grades change the speed (the profile's `slope`).
    public var slope: SlopeRule
    public init(speedKmh: Double, forward: Bool, backward: Bool, slope: SlopeRule = .none) {
        self.speedKmh = speedKmh; self.forward = forward; self.backward = backward; self.slope = slope
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
    /// A bridge or a tunnel: its heights run straight from its first node's to its last's, not
    /// along the ground a DEM gives under it.
    public var levelled = false

    /// The tags that make a way `levelled` (any value but `no`).
    public static let levelledKeys: Set<String> = ["bridge", "tunnel"]

    static func isLevelled(_ tags: OSMTags) -> Bool {
        levelledKeys.contains { key in tags[key].map { $0 != "no" } ?? false }
    }
}

/// Road ways and what the extraction left out.
public struct RoadExtraction: Sendable {
    public var ways: [OSMRoadWay]
    /// `highway=*` ways no mode may use (footways for driving do not count: a way is listed here
    /// only when walk, bike and drive all refuse it, or it is too short).
    public var unusableWayCount: Int
    /// Node references of road ways that the file lacks (ways cut at the extract's edge are
    /// split there, never bridged).
    public var missingNodeCount: Int
}

/// The three modes' profiles of one extraction.
public struct RoadProfiles: Sendable, Hashable {
    public var walk: RoadProfile
    public var bike: RoadProfile
    public var drive: RoadProfile

    public init(walk: RoadProfile, bike: RoadProfile, drive: RoadProfile) {
        self.walk = walk; self.bike = bike; self.drive = drive
    }

    /// The shipped profiles (`Profiles/*.yaml`) with a `district` base speed of `walkKmh` and
    /// `bikeKmh` (the district defaults 4.5 and 15 km/h).
    public static func shipped(walkKmh: Double = 4.5, bikeKmh: Double = 15) throws -> RoadProfiles {
        try RoadProfiles(walk: ShippedProfiles.profile(.walk), bike: ShippedProfiles.profile(.bike),
                         drive: ShippedProfiles.profile(.drive))
            .resolvingSpeeds([.walk: walkKmh, .bike: bikeKmh])
    }

    /// A district's profiles: the shipped ones, each replaced by the district's own file for
    /// that mode (`road_profile` in district.yaml), base speeds `district` set from `speeds_kmh`.
    public static func forDistrict(_ settings: DistrictSettings) throws -> RoadProfiles {
        var profiles = try RoadProfiles(walk: ShippedProfiles.profile(.walk), bike: ShippedProfiles.profile(.bike),
                                        drive: ShippedProfiles.profile(.drive))
        for path in settings.roadProfiles ?? [] {
            let own = try RoadProfileReader.read(path: path)
            profiles[own.mode] = own
        }
        return profiles.resolvingSpeeds(settings.speedsKmh)
    }

    public subscript(mode: TravelMode) -> RoadProfile {
        get {
            switch mode { case .walk: walk; case .bike: bike; case .drive: drive }
        }
        set {
            switch mode { case .walk: walk = newValue; case .bike: bike = newValue; case .drive: drive = newValue }
        }
    }

    func resolvingSpeeds(_ kmh: [TravelMode: Double]) -> RoadProfiles {
        var out = self
        for mode in TravelMode.allCases {
            if let speed = kmh[mode] { out[mode] = out[mode].resolvingSpeed(districtKmh: speed) }
        }
        return out
    }

    /// The tag keys the three profiles read, besides `highway`, sorted.
    public var readKeys: [String] {
        walk.readKeys.union(bike.readKeys).union(drive.readKeys).sorted()
    }
}

extension OSMData {
    /// Road ways usable by at least one mode under `profiles`. A way cut by the extract's edge
    /// becomes one road way per run of nodes the file has.
    public func roadWays(profiles: RoadProfiles) -> RoadExtraction {
        var result: [OSMRoadWay] = []
        var unusable = 0, missing = 0
        for way in ways {
            guard let highway = way.tags["highway"] else { continue }
            let walk = profiles.walk.access(way.tags, highway: highway)
            let bike = profiles.bike.access(way.tags, highway: highway)
            let drive = profiles.drive.access(way.tags, highway: highway)
            guard walk != nil || bike != nil || drive != nil else { unusable += 1; continue }
            let runs = coordinateRuns(of: way)
            missing += way.nodeIDs.count - runs.reduce(0) { $0 + $1.nodeIDs.count }
            var any = false
            for run in runs where run.nodeIDs.count >= 2 {
                any = true
                result.append(OSMRoadWay(wayID: way.id, highway: highway, nodeIDs: run.nodeIDs, points: run.points,
                                         walk: walk, bike: bike, drive: drive, levelled: OSMRoadWay.isLevelled(way.tags)))
            }
            if !any { unusable += 1 }
        }
        return RoadExtraction(ways: result, unusableWayCount: unusable, missingNodeCount: missing)
    }
}
