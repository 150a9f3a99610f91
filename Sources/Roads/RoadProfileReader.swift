import Formats
import Model
import Yams

/// Reads a road profile file (keys documented in `Profiles/walk.yaml`). Every problem names the
/// file and line; unknown keys are errors, so that a misspelt rule never silently does nothing.
public enum RoadProfileReader {
    static let required = ["mode", "classes", "with_permission", "never_classes", "access_keys", "general_access_keys",
                           "allowed_values", "forbidden_values", "excluded", "excluded_unless_allowed",
                           "class_speeds_kmh", "maxspeed", "oneway"]
    static let optional = ["speed_kmh", "walking_pace_kmh", "maxspeed_country_defaults_kmh", "oneway_classes",
                           "speed_factors", "slope", "slope_min_kmh"]

    public static func read(path: String) throws -> RoadProfile {
        try read(YAMLDocument(path: path))
    }

    public static func read(text: String, file: String) throws -> RoadProfile {
        try read(YAMLDocument(text: text, file: file))
    }

    static func read(_ doc: YAMLDocument) throws -> RoadProfile {
        let map = try doc.mapping(doc.root, "a road profile")
        for (key, _) in map where !(required + optional).contains(key.scalar?.string ?? "") {
            throw doc.error(key, "unknown key '\(key.scalar?.string ?? "")' in a road profile (\((required + optional).joined(separator: ", ")))")
        }
        for key in required where map[key] == nil {
            throw doc.error(doc.root, "missing '\(key)' (every road profile key but \(optional.joined(separator: ", ")) is required)")
        }
        let modeText = try doc.string(map["mode"], "mode")
        guard let mode = TravelMode(rawValue: modeText) else {
            throw doc.error(map["mode"], "unknown mode '\(modeText)' (walk, bike or drive)")
        }
        var profile = RoadProfile(
            mode: mode,
            classes: Set(try doc.strings(map["classes"], "classes")),
            withPermission: try permission(doc, map["with_permission"]),
            neverClasses: Set(try doc.strings(map["never_classes"], "never_classes")),
            accessKeys: try doc.strings(map["access_keys"], "access_keys"),
            generalAccessKeys: try doc.strings(map["general_access_keys"], "general_access_keys"),
            allowedValues: Set(try doc.strings(map["allowed_values"], "allowed_values")),
            forbiddenValues: Set(try doc.strings(map["forbidden_values"], "forbidden_values")),
            excluded: try tagRules(doc, map["excluded"], "excluded"),
            excludedUnlessAllowed: try tagRules(doc, map["excluded_unless_allowed"], "excluded_unless_allowed"),
            baseSpeed: try baseSpeed(doc, map["speed_kmh"]),
            classSpeedsKmh: try speeds(doc, map["class_speeds_kmh"], "class_speeds_kmh"),
            usesMaxspeed: try choice(doc, map["maxspeed"], "maxspeed", yes: "use", no: "ignore"),
            walkingPaceKmh: try map["walking_pace_kmh"].map { try speed(doc, $0, "walking_pace_kmh") } ?? 5,
            maxspeedCountryDefaultsKmh: try map["maxspeed_country_defaults_kmh"].map {
                try speeds(doc, $0, "maxspeed_country_defaults_kmh")
            } ?? [:],
            followsOneway: try choice(doc, map["oneway"], "oneway", yes: "follow", no: "ignore"),
            onewayClasses: Set(try map["oneway_classes"].map { try doc.strings($0, "oneway_classes") } ?? []))
        profile.speedFactors = try speedFactors(doc, map["speed_factors"])
        profile.slope = try slope(doc, map["slope"], map["slope_min_kmh"])
        try checkSpeeds(profile, doc, map)
        return profile
    }

    /// Every class the profile may use needs a speed.
    static func checkSpeeds(_ profile: RoadProfile, _ doc: YAMLDocument, _ map: Node.Mapping) throws {
        guard profile.baseSpeed == .none else { return }
        if profile.withPermission == .any {
            throw doc.error(map["with_permission"], "with_permission: any needs a speed_kmh for the classes without their own speed")
        }
        var usable = profile.classes
        if case .classes(let extra) = profile.withPermission { usable.formUnion(extra) }
        if let missing = usable.subtracting(profile.neverClasses).sorted().first(where: { profile.classSpeedsKmh[$0] == nil }) {
            throw doc.error(map["class_speeds_kmh"], "class '\(missing)' has no speed: give it one in class_speeds_kmh, or give a speed_kmh")
        }
    }

    static func permission(_ doc: YAMLDocument, _ node: Node?) throws -> RoadProfile.Permission {
        if node?.scalar?.string == "any" { return .any }
        return .classes(Set(try doc.strings(node, "with_permission")))
    }

    static func baseSpeed(_ doc: YAMLDocument, _ node: Node?) throws -> RoadProfile.BaseSpeed {
        guard let node else { return .none }
        if node.scalar?.string == "district" { return .district }
        return .kmh(try speed(doc, node, "speed_kmh"))
    }

    static func speed(_ doc: YAMLDocument, _ node: Node, _ key: String) throws -> Double {
        try doc.number(node, key, in: InputLimits.speedKmh.lowerBound...InputLimits.speedKmh.upperBound)
    }

    static func speeds(_ doc: YAMLDocument, _ node: Node?, _ key: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, value) in try doc.mapping(node, key) {
            let text = try doc.string(name, key)
            result[text] = try speed(doc, value, "\(key).\(text)")
        }
        return result
    }

    static func choice(_ doc: YAMLDocument, _ node: Node?, _ key: String, yes: String, no: String) throws -> Bool {
        let text = try doc.string(node, key)
        switch text {
        case yes: return true
        case no: return false
        default: throw doc.error(node, "'\(key)' is '\(text)'; it must be \(yes) or \(no)")
        }
    }

    /// `slope: none | tobler | cycling` (default none) and `slope_min_kmh` (default 0: no floor).
    static func slope(_ doc: YAMLDocument, _ node: Node?, _ floor: Node?) throws -> SlopeRule {
        var rule = SlopeRule.none
        if let node {
            let text = try doc.string(node, "slope")
            guard let model = SlopeRule.Model(rawValue: text) else {
                throw doc.error(node, "'slope' is '\(text)'; it must be \(SlopeRule.Model.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            rule.model = model
        }
        if let floor { rule.minKmh = try doc.number(floor, "slope_min_kmh", in: 0...InputLimits.speedKmh.upperBound) }
        return rule
    }

    /// `speed_factors`: a list of `{key, values, classes, factor}` rules, factor in (0, 10].
    static func speedFactors(_ doc: YAMLDocument, _ node: Node?) throws -> [RoadProfile.SpeedFactor] {
        guard let node else { return [] }
        let rules = try tagRules(doc, node, "speed_factors", extraKey: "factor")
        guard let sequence = node.sequence else { return [] }
        return try zip(rules, sequence).map { rule, item in
            let map = try doc.mapping(item, "a rule of speed_factors")
            guard let factor = map["factor"] else { throw doc.error(item, "a rule of speed_factors needs 'factor' (the speed's multiplier)") }
            let value = try doc.number(factor, "factor", in: 0...10)
            guard value > 0 else { throw doc.error(factor, "factor must be above 0 (leave a way out with 'excluded')") }
            return RoadProfile.SpeedFactor(rule: rule, factor: value)
        }
    }

    /// A list of `{key, values, classes}` rules (and `extraKey`, read by the caller).
    static func tagRules(_ doc: YAMLDocument, _ node: Node?, _ what: String, extraKey: String? = nil) throws -> [RoadProfile.TagRule] {
        let keys = ["key", "values", "classes"] + (extraKey.map { [$0] } ?? [])
        guard let sequence = node?.sequence else { throw doc.error(node, "'\(what)' must be a list of {\(keys.joined(separator: ", "))} rules") }
        return try sequence.map { item in
            let rule = try doc.mapping(item, "a rule of \(what)")
            for (key, _) in rule where !keys.contains(key.scalar?.string ?? "") {
                throw doc.error(key, "unknown key '\(key.scalar?.string ?? "")' in a rule of \(what) (\(keys.joined(separator: ", ")))")
            }
            guard let key = rule["key"], let values = rule["values"] else {
                throw doc.error(item, "a rule of \(what) needs 'key' and 'values'")
            }
            return RoadProfile.TagRule(key: try doc.string(key, "key"), values: Set(try doc.strings(values, "values")),
                                       classes: try rule["classes"].map { Set(try doc.strings($0, "classes")) })
        }
    }
}
