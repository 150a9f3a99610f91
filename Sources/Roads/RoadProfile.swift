import Model
import OSMReader

/// One travel mode's rules for using OSM road ways, read from a profile file
/// (`Profiles/walk.yaml`, `bike.yaml`, `drive.yaml` document the keys and the order in which
/// the rules apply).
public struct RoadProfile: Sendable, Hashable {
    /// A tag condition: `key` has one of `values`, on any class or only on `classes`.
    public struct TagRule: Sendable, Hashable {
        public var key: String
        public var values: Set<String>
        public var classes: Set<String>?

        func matches(_ tags: OSMTags, highway: String) -> Bool {
            guard let value = tags[key], values.contains(value) else { return false }
            return classes?.contains(highway) ?? true
        }
    }

    /// Classes usable only when one of `accessKeys` allows the mode.
    public enum Permission: Sendable, Hashable {
        /// Every class not in `neverClasses`.
        case any
        case classes(Set<String>)
    }

    /// A profile's base speed.
    public enum BaseSpeed: Sendable, Hashable {
        /// No base speed: every usable class has its own.
        case none
        /// The district's `speeds_kmh` of the mode.
        case district
        case kmh(Double)
    }

    public var mode: TravelMode
    public var classes: Set<String>
    public var withPermission: Permission
    public var neverClasses: Set<String>
    public var accessKeys: [String]
    public var generalAccessKeys: [String]
    public var allowedValues: Set<String>
    public var forbiddenValues: Set<String>
    public var excluded: [TagRule]
    public var excludedUnlessAllowed: [TagRule]
    public var baseSpeed: BaseSpeed
    public var classSpeedsKmh: [String: Double]
    /// Whether a parseable `maxspeed` tag sets the speed.
    public var usesMaxspeed: Bool
    public var walkingPaceKmh: Double
    public var maxspeedCountryDefaultsKmh: [String: Double]
    /// Whether `oneway`, roundabouts and `onewayClasses` restrict the direction.
    public var followsOneway: Bool
    public var onewayClasses: Set<String>
    /// `speed_factors`: each matching rule multiplies the way's speed (path difficulty:
    /// `sac_scale`, `trail_visibility`, ...).
    public var speedFactors: [SpeedFactor] = []
    /// `slope` and `slope_min_kmh`: how a DEM's grades change the speed (none without a DEM).
    public var slope: SlopeRule = .none

    /// A tag rule with the factor it multiplies a way's speed by.
    public struct SpeedFactor: Sendable, Hashable {
        public var rule: TagRule
        public var factor: Double
    }

    /// The tag keys the rules read, besides `highway`.
    public var readKeys: Set<String> {
        var keys = Set(accessKeys + generalAccessKeys + (excluded + excludedUnlessAllowed).map(\.key))
        if usesMaxspeed { keys.insert("maxspeed") }
        if followsOneway { keys.formUnion(["oneway", "junction"]) }
        keys.formUnion(speedFactors.map(\.rule.key).filter { $0 != "highway" })
        if slope.model != .none { keys.formUnion(OSMRoadWay.levelledKeys) }
        return keys
    }

    /// The profile with a base speed of `district` replaced by the district's speed of the mode.
    public func resolvingSpeed(districtKmh: Double) -> RoadProfile {
        var resolved = self
        if baseSpeed == .district { resolved.baseSpeed = .kmh(districtKmh) }
        return resolved
    }

    /// How the mode may use a way with these tags and `highway` class; nil when it may not.
    public func access(_ tags: OSMTags, highway: String) -> ModeAccess? {
        guard !neverClasses.contains(highway), !excluded.contains(where: { $0.matches(tags, highway: highway) }) else {
            return nil
        }
        switch verdict(tags, keys: accessKeys) {
        case false?: return nil
        case true?:
            guard classes.contains(highway) || permits(highway) else { return nil }
        case nil:
            guard classes.contains(highway), verdict(tags, keys: generalAccessKeys) != false,
                  !excludedUnlessAllowed.contains(where: { $0.matches(tags, highway: highway) }) else { return nil }
        }
        guard let direction = direction(tags, highway: highway), let classKmh = speedKmh(highway) else { return nil }
        let tagged = usesMaxspeed
            ? tags["maxspeed"].flatMap { parseMaxspeedKmh($0, walkingPaceKmh: walkingPaceKmh, countryDefaultsKmh: maxspeedCountryDefaultsKmh) }
            : nil
        let factor = speedFactors.reduce(1.0) { $0 * ($1.rule.matches(tags, highway: highway) ? $1.factor : 1) }
        return ModeAccess(speedKmh: (tagged ?? classKmh) * factor, forward: direction.forward, backward: direction.backward,
                          slope: slope)
    }

    /// The class's own speed, else the base speed (a `district` base left unresolved counts as none).
    func speedKmh(_ highway: String) -> Double? {
        if let kmh = classSpeedsKmh[highway] { return kmh }
        if case .kmh(let kmh) = baseSpeed { return kmh }
        return nil
    }

    func permits(_ highway: String) -> Bool {
        switch withPermission {
        case .any: true
        case .classes(let set): set.contains(highway)
        }
    }

    /// The verdict of the first of `keys` tagged with a known value: nil when none is.
    func verdict(_ tags: OSMTags, keys: [String]) -> Bool? {
        for key in keys {
            guard let value = tags[key] else { continue }
            let first = value.split(separator: ";").first.map { String($0).trimmingSpaces() } ?? value
            if allowedValues.contains(first) { return true }
            if forbiddenValues.contains(first) { return false }
        }
        return nil
    }

    /// (forward, backward), or nil when the way has no fixed direction (`oneway=reversible`,
    /// whose direction changes with the time of day, is left out as OSRM does).
    func direction(_ tags: OSMTags, highway: String) -> (forward: Bool, backward: Bool)? {
        guard followsOneway else { return (true, true) }
        switch tags["oneway"] {
        case "yes", "1", "true": return (true, false)
        case "-1", "reverse": return (false, true)
        case "reversible", "alternating": return nil
        case "no", "0", "false": return (true, true)
        default: break
        }
        if let junction = tags["junction"], junction == "roundabout" || junction == "circular" { return (true, false) }
        if onewayClasses.contains(highway) { return (true, false) }
        return (true, true)
    }
}


/// Parses an OSM `maxspeed` value to km/h: plain numbers are km/h; "N mph", "N knots",
/// "N km/h"/"N kmh"; "walk" gives `walkingPaceKmh`; "none" and "signals"/"variable" give nil
/// (use the class speed); zone values such as "DE:zone30"/"zone:30" give their number;
/// country defaults "XX:urban" and the like come from `countryDefaultsKmh` ("XX:walk" is the
/// walking pace). Several values separated by ";" take the first. Unparseable values give nil.
public func parseMaxspeedKmh(_ raw: String, walkingPaceKmh: Double = 5,
                             countryDefaultsKmh: [String: Double] = shippedCountryDefaultsKmh) -> Double? {
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
        return rest == "walk" ? walkingPaceKmh : countryDefaultsKmh[rest]
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

/// The country defaults of the shipped drive profile.
public let shippedCountryDefaultsKmh: [String: Double] = ["urban": 50, "rural": 90, "trunk": 90, "motorway": 130, "living_street": 10]
