import Districts
import Foundation
import Model

/// Hand-made districts for tests: cells and sites placed in metres on a local plane around a
/// point, no roads (straight line × detour), written as an ordinary district folder.
public struct TinyDistrict {
    public var settings = DistrictSettings(name: "Tiny")
    public var origin = XY(113.9, 22.5)
    public var cells: [Cell] = []
    public var sites: [Site] = []
    public var items: [ServiceItem] = []
    public var channels: [Channel] = []
    public var subdistricts: [Subdistrict] = []

    public init() {}

    /// Longitude/latitude of a point `x` metres east and `y` metres north of the origin.
    public func at(_ x: Double, _ y: Double) -> XY {
        XY(origin.x + x / (111_320 * cos(origin.y * .pi / 180)), origin.y + y / 110_574)
    }

    public mutating func cell(_ id: String, x: Double, y: Double, pop: Double, elderly: Double = 0, digital: Double = 0) {
        cells.append(Cell(id: id, area: nil, centroid: at(x, y), population: pop, elderlyShare: elderly, digitalShare: digital))
    }

    public mutating func hall(_ id: String, x: Double, y: Double, tier: Tier = .district, windows: Int = 4,
                              hours: String = "Mo-Fr 09:00-17:00", services: [String]? = nil) {
        sites.append(Site(id: id, name: id, kind: .hall, tier: tier, windows: windows,
                          hours: try! OpeningHours(parsing: hours), services: services, location: at(x, y)))  // a typo stops the test
    }

    public mutating func kiosk(_ id: String, x: Double, y: Double, hours: String = "24/7") {
        sites.append(Site(id: id, name: id, kind: .kiosk, tier: nil, windows: 1,
                          hours: try! OpeningHours(parsing: hours), services: nil, location: at(x, y)))
    }

    /// An item with the given demand and trips; hall only unless told otherwise.
    public mutating func item(_ id: String, perThousand: Double, minTier: Tier = .community, tripsHall: Double = 1,
                              kiosk: Bool = false, online: Bool = false, video: Bool = false, tripsOnline: Double = 0,
                              handlingMinutes: Double = 10, documents: Double = 0, days: Double = 0) {
        items.append(ServiceItem(id: id, name: id, perThousandPerYear: perThousand, minTier: minTier, hall: true, kiosk: kiosk,
                                 online: online, video: video, tripsHall: tripsHall, tripsKiosk: kiosk ? 1 : 0,
                                 tripsOnline: tripsOnline, handlingMinutes: handlingMinutes, documents: documents, timeLimitDays: days))
    }

    /// A square subdistrict from (x0, y0) to (x1, y1) metres.
    public mutating func subdistrict(_ id: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        let ring = [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]
        subdistricts.append(Subdistrict(id: id, name: id, area: MultiPolygon([Polygon(exterior: ring)])))
    }

    /// Writes the folder and returns its path.
    public func write(to folder: URL) throws -> URL {
        try DistrictWriter.write(district(), to: folder.path)
        return folder
    }

    /// The district as `write` writes it: one subdistrict around everything when none is
    /// given, a web channel for every online item when no channel is.
    public func district() -> District {
        var subs = subdistricts
        if subs.isEmpty { var copy = self; copy.subdistrict("all", -50_000, -50_000, 50_000, 50_000); subs = copy.subdistricts }
        let web = Channel(id: "web", kind: .online, hours: .alwaysOpen, services: .allOnline, effortMinutes: 15, agents: 0, seats: 0, handlingMinutes: 0)
        let district = District(settings: settings, boundary: MultiPolygon(subs.flatMap(\.area.polygons)), subdistricts: subs,
                                cells: cells, sites: sites, channels: channels.isEmpty ? [web] : channels, services: items,
                                roadsPath: nil, candidates: [])
        return district
    }
}
