import Model

/// One change of a scenario, as parsed (references not yet checked), with the line it came from.
public struct Change: Sendable {
    public var line: Int
    public var kind: Kind

    public enum Kind: Sendable {
        case addSite(Site)
        case closeSite(id: String)
        case modifySite(ModifySite)
        case addKiosks([Site])
        case online(OnlineChange)
        case digitalAdoption(group: AdoptionGroup, set: Double?, add: Double?)
        case growPopulation(factor: Double, area: GrowthArea)
        case bundle(Bundle)
        case crossDistrict(districtPaths: [String], items: [String]?)
        case thresholds(hallMinutes: Double?, kioskMinutes: Double?)
        case mode(TravelMode)
        case optimize(OptimizeStep)
    }

    public var name: String {
        switch kind {
        case .addSite: "add_site"
        case .closeSite: "close_site"
        case .modifySite: "modify_site"
        case .addKiosks: "add_kiosks"
        case .online: "online"
        case .digitalAdoption: "digital_adoption"
        case .growPopulation: "grow_population"
        case .bundle: "bundle"
        case .crossDistrict: "cross_district"
        case .thresholds: "thresholds"
        case .mode: "mode"
        case .optimize: "optimize"
        }
    }
}

public struct ModifySite: Sendable {
    public var id: String
    public var windows: Int?
    public var hours: OpeningHours?
    public var tier: Tier?
    public var name: String?
    /// Replaces the item list; `addServices`/`removeServices` edit it (starting from the
    /// default list when the site had none).
    public var services: [String]?
    public var addServices: [String]
    public var removeServices: [String]
}

public struct OnlineChange: Sendable {
    public var channel: String
    public var addServices: [String]
    public var removeServices: [String]
    public var hours: OpeningHours?
    public var agents: Int?
    public var seats: Int?
    public var effortMinutes: Double?
}

public enum AdoptionGroup: String, Sendable {
    case adults, elderly, all
}

public enum GrowthArea: Sendable {
    case subdistrict(String)
    case polygon(Polygon)
    case everywhere
}

/// 一件事一次办: several items done as one.
public struct Bundle: Sendable {
    public var id: String
    public var name: String
    public var items: [String]
    public var tripsHall: Double
    public var tripsKiosk: Double?
    public var tripsOnline: Double?
    public var documents: Double?
    public var timeLimitDays: Double?
    /// Channel eligibility of the bundle; nil = what every item allows.
    public var hall: Bool?, kiosk: Bool?, online: Bool?, video: Bool?
}

/// The scenario step that places new sites (site selection).
public struct OptimizeStep: Sendable {
    public var model: String
    public var kind: SiteKind
    public var p: Int
    public var radiusMinutes: Double?
    /// `candidates.geojson` of the district, or a file relative to the scenario.
    public var candidates: String?
    public var tier: Tier?
    /// LSCP: leave out the cells no site reaches within the radius (else the step is refused).
    public var allowUncovered: Bool = false
}
