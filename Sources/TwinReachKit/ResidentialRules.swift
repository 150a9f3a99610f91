import OSMReader

/// How much of a building counts as living space when a subdistrict's published population is
/// shared over its buildings (`twinreach grid`). The weight of a building is its residential
/// floor area: footprint area (m², in the local metric CRS) × residential floors.
///
/// Residential floors, in this order:
/// 1. A footprint under `minimumFootprintSquareMeters` (20 m²) weighs 0: a garden shed or a
///    kiosk, whatever its tag.
/// 2. A non-residential `building` type (`nonResidentialTypes`: commercial, industrial, retail,
///    office, church, school, garage(s), shed, hut, roof, hotel, ...) weighs 0.
/// 3. A building of an unspecific type (`yes` or any type not listed) that carries a use of its
///    own (`amenity`, `shop`, `office`, `tourism`, `craft`, `leisure`, `man_made`, `historic`,
///    `healthcare`, `public_transport`, `railway`, `aeroway`, `military`, `power`, `sport`)
///    weighs 0: it is that facility, not a home.
/// 4. Otherwise the floors are `building:levels` when tagged (0 levels weigh 0), else
///    `height` / 3 m rounded (at least 1), else the default of its type
///    (`defaultLevelsByType`: apartments 4, residential 3, dormitory 3, house / detached /
///    semidetached_house / terrace / farm 2, bungalow / cabin / static_caravan / houseboat 1),
///    and 2 for `yes` and types not listed.
public enum ResidentialRules {
    public static let minimumFootprintSquareMeters = 20.0

    /// Building types where nobody is counted as living.
    public static let nonResidentialTypes: Set<String> = [
        "commercial", "industrial", "retail", "office", "warehouse", "supermarket", "kiosk", "hotel",
        "church", "chapel", "cathedral", "mosque", "temple", "synagogue", "shrine", "monastery", "religious",
        "school", "university", "college", "kindergarten", "hospital", "public", "civic", "government",
        "townhall", "fire_station", "train_station", "transportation", "parking", "garage", "garages",
        "carport", "shed", "hut", "roof", "barn", "cowshed", "stable", "sty", "farm_auxiliary", "greenhouse",
        "glasshouse", "service", "sports_hall", "sports_centre", "stadium", "grandstand", "pavilion",
        "hangar", "bunker", "ruins", "construction", "toilets", "bridge", "water_tower", "storage_tank",
        "silo", "tower", "transformer_tower", "digester", "boathouse", "castle", "military", "power",
        "substation", "tech_cab", "container", "gatehouse", "museum", "data_center", "manufacture",
    ]

    /// Floors of residential types when `building:levels` and `height` are absent.
    public static let defaultLevelsByType: [String: Double] = [
        "apartments": 4, "residential": 3, "dormitory": 3,
        "house": 2, "detached": 2, "semidetached_house": 2, "terrace": 2, "farm": 2,
        "bungalow": 1, "cabin": 1, "static_caravan": 1, "houseboat": 1,
    ]

    /// Floors of `yes` and of types in neither list.
    public static let defaultLevels = 2.0

    /// Metres per floor when only `height` is tagged.
    public static let metersPerLevel = 3.0

    /// Tags that give an unspecific building a non-residential use.
    public static let useKeys = [
        "amenity", "shop", "office", "tourism", "craft", "leisure", "man_made", "historic", "healthcare",
        "public_transport", "railway", "aeroway", "military", "power", "sport",
    ]

    /// Residential floors of a building with the given footprint area (m²); 0 when nobody lives there.
    public static func residentialFloors(_ building: OSMBuilding, footprintSquareMeters: Double) -> Double {
        residentialFloors(type: building.building, levels: building.levels, tags: building.tags,
                          footprintSquareMeters: footprintSquareMeters)
    }

    /// The same from a building's `building` value, parsed `building:levels` and tags.
    public static func residentialFloors(type: String, levels: Double?, tags: OSMTags, footprintSquareMeters: Double) -> Double {
        guard footprintSquareMeters >= minimumFootprintSquareMeters else { return 0 }
        if nonResidentialTypes.contains(type) { return 0 }
        let typed = defaultLevelsByType[type]
        if typed == nil, useKeys.contains(where: { tags[$0] != nil }) { return 0 }
        if let levels { return levels }
        if let height = tags["height"].flatMap(parseMeters) { return max(1, (height / metersPerLevel).rounded()) }
        return typed ?? defaultLevels
    }

    /// "12", "12.5", "12 m" -> metres; nil otherwise.
    static func parseMeters(_ raw: String) -> Double? {
        var text = Substring(raw)
        while text.last == " " { text.removeLast() }
        if text.hasSuffix("m") { text.removeLast() }
        while text.last == " " { text.removeLast() }
        guard let value = Double(text), value.isFinite, value > 0 else { return nil }
        return value
    }
}
