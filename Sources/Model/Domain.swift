/// Administrative tier of a service hall, lowest first. A hall handles the items whose
/// `minTier` its tier reaches ("uneven development across tiers").
public enum Tier: String, Sendable, CaseIterable, Comparable, Codable {
    case community, street, district, city

    public var rank: Int {
        switch self {
        case .community: 0
        case .street: 1
        case .district: 2
        case .city: 3
        }
    }

    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
}

/// A physical site: a staffed hall or a self-service kiosk.
public enum SiteKind: String, Sendable, CaseIterable, Codable {
    case hall, kiosk
}

/// Travel modes of the road network and of straight-line estimates.
public enum TravelMode: String, Sendable, CaseIterable, Codable {
    case walk, bike, drive
}

/// One item of the service catalogue (事项).
public struct ServiceItem: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Completions per 1,000 residents per year.
    public var perThousandPerYear: Double
    /// The lowest hall tier that can handle the item.
    public var minTier: Tier
    /// Channels that may complete the item.
    public var hall: Bool, kiosk: Bool, online: Bool, video: Bool
    /// Planned in-person trips per completion at a hall, at a kiosk, and still needed when done
    /// online or by video (to show originals, collect a licence; an inspection the resident must
    /// attend at a hall is `inspectionAtHall`).
    public var tripsHall: Double, tripsKiosk: Double, tripsOnline: Double
    /// Staff minutes per completion at a window.
    public var handlingMinutes: Double
    /// Papers the resident submits; promised completion time; hotline consultations per completion.
    public var documents: Double, timeLimitDays: Double, consultPerCompletion: Double
    /// 来回跑: the chance (0 ≤ p < 1) that an in-person visit does not complete (materials
    /// incomplete, practice differing from the standard), so that it is made again: expected
    /// trips are the planned trips / (1 − p).
    public var failedVisitProbability: Double
    /// 现场勘查: staff minutes per completion spent on a site inspection (staff travel and work
    /// on site, not window time), and the days it adds to the promised time.
    public var inspectionMinutes: Double, inspectionDays: Double
    /// The resident must attend the inspection at a hall: an online or video completion needs
    /// one more hall trip. Otherwise staff go to the site and the resident does not travel.
    public var inspectionAtHall: Bool
    /// 反向办: proactive service, no application: the office completes the item unasked, with no
    /// trip, no documents and no channel.
    public var proactive: Bool
    /// The papers by id (`document_ids`), so that a bundle counts a paper its items share once;
    /// empty: only their count (`documents`) is known.
    public var documentIds: [String] = []
    /// Completions per establishment (enterprise) per year: the item's business demand, from
    /// the establishments layer, beside the residents' `perThousandPerYear`.
    public var perEstablishmentPerYear: Double = 0

    public init(id: String, name: String, perThousandPerYear: Double, minTier: Tier,
                hall: Bool, kiosk: Bool, online: Bool, video: Bool,
                tripsHall: Double, tripsKiosk: Double, tripsOnline: Double = 0,
                handlingMinutes: Double, documents: Double = 0, timeLimitDays: Double = 0,
                consultPerCompletion: Double = 0, failedVisitProbability: Double = 0,
                inspectionMinutes: Double = 0, inspectionDays: Double = 0, inspectionAtHall: Bool = false,
                proactive: Bool = false, perEstablishmentPerYear: Double = 0) {
        self.perEstablishmentPerYear = perEstablishmentPerYear
        self.id = id; self.name = name; self.perThousandPerYear = perThousandPerYear
        self.minTier = minTier; self.hall = hall; self.kiosk = kiosk; self.online = online
        self.video = video; self.tripsHall = tripsHall; self.tripsKiosk = tripsKiosk
        self.tripsOnline = tripsOnline; self.handlingMinutes = handlingMinutes
        self.documents = documents; self.timeLimitDays = timeLimitDays
        self.consultPerCompletion = consultPerCompletion
        self.failedVisitProbability = failedVisitProbability
        self.inspectionMinutes = inspectionMinutes; self.inspectionDays = inspectionDays
        self.inspectionAtHall = inspectionAtHall; self.proactive = proactive
    }
}

/// A hall or kiosk at a point (WGS 84 longitude, latitude).
public struct Site: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: SiteKind
    /// Halls only.
    public var tier: Tier?
    /// Service windows (counters); kiosks count as one.
    public var windows: Int
    public var hours: OpeningHours
    /// Item ids it handles; nil means the default for its kind and tier.
    public var services: [String]?
    public var location: XY
    /// `arrival_hours`: this site's own 24 hourly arrival weights (nil: the district's
    /// `arrivals.hours`); `appointment_share`: its own share of booked arrivals (nil: the district's).
    public var arrivalHours: [Double]? = nil
    public var appointmentShare: Double? = nil

    public init(id: String, name: String, kind: SiteKind, tier: Tier?, windows: Int,
                hours: OpeningHours, services: [String]?, location: XY) {
        self.id = id; self.name = name; self.kind = kind; self.tier = tier
        self.windows = windows; self.hours = hours; self.services = services; self.location = location
    }

    /// Whether the site can complete `item`: its explicit list, or by default every item its tier
    /// reaches (halls) or every kiosk-eligible item (kiosks).
    public func handles(_ item: ServiceItem) -> Bool {
        switch kind {
        case .hall:
            guard item.hall else { return false }
            if let services { return services.contains(item.id) }
            return (tier ?? .community) >= item.minTier
        case .kiosk:
            guard item.kiosk else { return false }
            if let services { return services.contains(item.id) }
            return true
        }
    }
}

/// A population grid cell: its area (or just its centroid) and its residents.
public struct Cell: Sendable, Hashable, Codable {
    public var id: String
    /// The cell polygon in WGS 84, or nil when the input gave only a point. A grid cell's
    /// rectangle is kept as two corners (`CellShape`): reading `area` builds its ring.
    public var area: MultiPolygon? {
        get { shape?.area }
        set { shape = newValue.map(CellShape.init) }
    }
    /// `area` as kept.
    var shape: CellShape?
    public var centroid: XY
    public var population: Double
    /// Share aged 65+, 0...1.
    public var elderlyShare: Double
    /// Share able to complete online items unaided, 0...1.
    public var digitalShare: Double
    /// Establishments (enterprises, 法人) in the cell: the business demand's "population".
    public var establishments: Double = 0

    public init(id: String, area: MultiPolygon?, centroid: XY, population: Double,
                elderlyShare: Double, digitalShare: Double, establishments: Double = 0) {
        self.establishments = establishments
        self.id = id; self.shape = area.map(CellShape.init); self.centroid = centroid; self.population = population
        self.elderlyShare = elderlyShare; self.digitalShare = digitalShare
    }

    /// Whether the cell has a polygon (without building it).
    public var hasArea: Bool { shape != nil }

    /// Whether the cell's polygon is kept as a grid rectangle's two corners (see `CellShape`).
    public var keepsRectangle: Bool { shape?.isRectangle ?? false }

    // Coded with `area`, as before the shape was kept compactly.
    enum CodingKeys: String, CodingKey {
        case id, area, centroid, population, elderlyShare, digitalShare, establishments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), area: try c.decodeIfPresent(MultiPolygon.self, forKey: .area),
                  centroid: try c.decode(XY.self, forKey: .centroid), population: try c.decode(Double.self, forKey: .population),
                  elderlyShare: try c.decode(Double.self, forKey: .elderlyShare), digitalShare: try c.decode(Double.self, forKey: .digitalShare),
                  establishments: try c.decode(Double.self, forKey: .establishments))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(area, forKey: .area)
        try c.encode(centroid, forKey: .centroid)
        try c.encode(population, forKey: .population)
        try c.encode(elderlyShare, forKey: .elderlyShare)
        try c.encode(digitalShare, forKey: .digitalShare)
        try c.encode(establishments, forKey: .establishments)
    }
}

/// A 街道 / parish: a named part of the district.
public struct Subdistrict: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var area: MultiPolygon
    /// Published resident total, when the input gives one (used by `grid`).
    public var population: Double?

    public init(id: String, name: String, area: MultiPolygon, population: Double? = nil) {
        self.id = id; self.name = name; self.area = area; self.population = population
    }
}

/// Location-free channels of the twin space.
public enum ChannelKind: String, Sendable, CaseIterable, Codable {
    case online, video, hotline
}

/// An online, video or hotline channel.
public struct Channel: Sendable, Hashable, Codable {
    public enum Items: Sendable, Hashable, Codable {
        /// Every online-eligible item (`all-online`).
        case allOnline
        case list([String])
    }

    public var id: String
    public var kind: ChannelKind
    public var hours: OpeningHours
    public var services: Items
    /// Resident effort per completion online.
    public var effortMinutes: Double
    /// Concurrent video agents / hotline seats.
    public var agents: Int
    public var seats: Int
    /// Staff minutes per video completion or hotline consultation.
    public var handlingMinutes: Double

    public init(id: String, kind: ChannelKind, hours: OpeningHours, services: Items,
                effortMinutes: Double, agents: Int, seats: Int, handlingMinutes: Double) {
        self.id = id; self.kind = kind; self.hours = hours; self.services = services
        self.effortMinutes = effortMinutes; self.agents = agents; self.seats = seats
        self.handlingMinutes = handlingMinutes
    }

    /// Whether the channel can complete `item`.
    public func handles(_ item: ServiceItem) -> Bool {
        switch kind {
        case .online:
            guard item.online else { return false }
        case .video:
            guard item.video else { return false }
        case .hotline:
            return false
        }
        switch services {
        case .allOnline: return true
        case .list(let ids): return ids.contains(item.id)
        }
    }
}

/// The settings of `district.yaml`.
public struct DistrictSettings: Sendable, Hashable, Codable {
    public var name: String
    /// CRS of the input layers, as written (`EPSG:4326`, `GCJ-02`, ...).
    public var crs: String
    public var mode: TravelMode
    /// `speeds_kmh`. Walk and bike speeds apply on the road network and to straight lines alike,
    /// and snap legs are walked at the walk speed in every mode. The drive speed applies only to
    /// straight-line travel (no roads): on roads a car takes each way's `maxspeed`, else its
    /// `highway` class's speed (the drive profile's `class_speeds_kmh`), never this value. A
    /// `travel_matrix.csv` ignores all of them.
    public var speedsKmh: [TravelMode: Double]
    /// `road_profile`: the district's own road profile files (absolute paths), each replacing
    /// the shipped profile of the mode it names; nil or empty: the shipped profiles.
    public var roadProfiles: [String]?
    /// `dem`: the district's elevation raster (absolute path; any GDAL raster, also a `.zip`
    /// holding one), for slope-aware walking and cycling; nil: flat ground.
    public var dem: String?
    public var detourFactor: Double
    public var maxSnapMeters: Double
    public var hallThresholdMinutes: Double
    public var kioskThresholdMinutes: Double
    public var elderlyShare: Double
    public var digitalAdoptionAdults: Double
    public var digitalAdoptionElderly: Double
    /// `twin_weights` of the twin-aware optimize model: a resident counts with weight
    /// `1 + (elderly − 1)·[is elderly] + (notDigital − 1)·[is not digital]` (default 1 and 1:
    /// everyone counts once). Each ≥ 0 and their sum ≥ 1, so that no resident weighs below 0.
    public var twinWeightElderly: Double
    public var twinWeightNotDigital: Double
    /// `assisted`: the 帮办代办 hand-in channel; nil (no block): none.
    public var assisted: AssistedService? = nil
    /// `video_access`: who may complete items by video.
    public var videoAccess: VideoAccess = .digital
    /// `arrivals`: the district's default arrival profile of halls, kiosks, video and hotline
    /// (nil: arrivals spread evenly over the open minutes, the weekly Erlang C of before).
    public var arrivals: ArrivalProfile? = nil
    /// `time_of_day`: demand segments with availability windows; nil: one window for everyone.
    public var timeOfDay: TimeOfDaySettings?
    /// `establishments`: how establishments seek business items; nil: the defaults when the
    /// population layer counts establishments.
    public var establishments: EstablishmentSettings?
    /// `failed_visit_probability`: per competent tier, the chance that a visit does not complete
    /// because of the office (combined with the item's own, `FailedVisits`); empty: none.
    public var failedVisitProbabilityByTier: [Tier: Double] = [:]

    public init(name: String, crs: String = "EPSG:4326", mode: TravelMode = .walk,
                speedsKmh: [TravelMode: Double] = [.walk: 4.5, .bike: 15, .drive: 30],
                detourFactor: Double = 1.3, maxSnapMeters: Double = 500,
                hallThresholdMinutes: Double = 30, kioskThresholdMinutes: Double = 15,
                elderlyShare: Double = 0.12, digitalAdoptionAdults: Double = 0.85,
                digitalAdoptionElderly: Double = 0.35, twinWeightElderly: Double = 1, twinWeightNotDigital: Double = 1) {
        self.twinWeightElderly = twinWeightElderly; self.twinWeightNotDigital = twinWeightNotDigital
        self.name = name; self.crs = crs; self.mode = mode; self.speedsKmh = speedsKmh
        self.detourFactor = detourFactor; self.maxSnapMeters = maxSnapMeters
        self.hallThresholdMinutes = hallThresholdMinutes; self.kioskThresholdMinutes = kioskThresholdMinutes
        self.elderlyShare = elderlyShare; self.digitalAdoptionAdults = digitalAdoptionAdults
        self.digitalAdoptionElderly = digitalAdoptionElderly
    }

    /// Digital share of a cell from its elderly share when the input gives none: the elderly
    /// adopt at their own (lower) rate.
    public func defaultDigitalShare(elderlyShare elderly: Double) -> Double {
        (1 - elderly) * digitalAdoptionAdults + elderly * digitalAdoptionElderly
    }
}

/// A candidate location for a new site.
public struct Candidate: Sendable, Hashable, Codable {
    public var id: String
    public var location: XY
    public init(id: String, location: XY) { self.id = id; self.location = location }
}

/// A district as loaded from its folder, every layer in WGS 84.
public struct District: Sendable, Hashable {
    public var settings: DistrictSettings
    public var boundary: MultiPolygon
    public var subdistricts: [Subdistrict]
    public var cells: [Cell]
    public var sites: [Site]
    public var channels: [Channel]
    public var services: [ServiceItem]
    /// `roads.osm.pbf` (or `roads.osm`) when the folder has one.
    public var roadsPath: String?
    public var candidates: [Candidate]
    /// `travel_matrix.csv` when the folder has one: resident → site minutes from elsewhere (r5py,
    /// OSRM, Valhalla), `origin,destination,minutes` with cell ids and site or candidate ids; it
    /// replaces both the road network and straight lines.
    public var travelMatrixPath: String?
    /// The 一件事一次办 bundles added to the catalogue (`bundles.yaml`, `bundle` changes): each
    /// is also a synthetic item of `services`, and its members' demand there is what is left.
    public var bundles: [EventBundle] = []

    public init(settings: DistrictSettings, boundary: MultiPolygon, subdistricts: [Subdistrict],
                cells: [Cell], sites: [Site], channels: [Channel], services: [ServiceItem],
                roadsPath: String?, candidates: [Candidate], travelMatrixPath: String? = nil) {
        self.settings = settings; self.boundary = boundary; self.subdistricts = subdistricts
        self.cells = cells; self.sites = sites; self.channels = channels; self.services = services
        self.roadsPath = roadsPath; self.candidates = candidates; self.travelMatrixPath = travelMatrixPath
    }
}

/// 帮办代办 / 收件-转办 (前台接单、后台办理): a resident hands an item in at a hall of a hand-in
/// tier that cannot complete it itself (a street or community centre); the competent hall
/// processes it (its staff minutes), and the result comes back by post or by a second trip.
public struct AssistedService: Sendable, Hashable, Codable {
    /// How the result reaches the resident: posted (one trip in all) or collected at the
    /// hand-in site (a second trip).
    public enum Collection: String, Sendable, Hashable, Codable, CaseIterable {
        case mail, trip
    }

    /// Halls of these tiers accept hand-ins (`hand_in_tiers`, default community and street).
    public var handInTiers: [Tier]
    /// Staff minutes per hand-in at the accepting desk (`front_minutes`, default 10).
    public var frontMinutes: Double
    public var collection: Collection

    public init(handInTiers: [Tier] = [.community, .street], frontMinutes: Double = 10, collection: Collection = .mail) {
        self.handInTiers = handInTiers; self.frontMinutes = frontMinutes; self.collection = collection
    }

    /// Resident trips per assisted completion: the hand-in, and the collection when not posted.
    public var trips: Double { collection == .mail ? 1 : 2 }
}

/// Who may complete an item by video (`video_access`). The documents put the video platform on
/// a WeChat account and say phone and video do not fully serve the elderly, so by default video
/// needs the digital segment.
public enum VideoAccess: String, Sendable, Hashable, Codable, CaseIterable {
    /// Digital residents only, from home (the default).
    case digital
    /// Digital residents from home; the not digital at a video desk in the nearest community
    /// hall (one trip there).
    case desk
    /// Everyone from home, no device needed (the behaviour before 帮办代办 was modelled).
    case everyone
}
