import Foundation
import Formats
import Model
import Yams

/// Reads a site rules file (`Profiles/sites.yaml` documents the keys); problems name file and line.
enum SiteRulesReader {
    static func read(_ doc: YAMLDocument) throws -> SiteRules {
        let map = try RuleFile.mapping(doc, keys: ["windows_by_tier", "default_hours", "duplicate_meters", "council_tags", "rules"])
        var windows: [Tier: Int] = [:]
        for (key, value) in try doc.mapping(map["windows_by_tier"], "windows_by_tier") {
            let tier = try self.tier(doc, key)
            windows[tier] = try doc.integer(value, "windows_by_tier.\(tier.rawValue)", minimum: 1, maximum: InputLimits.windows.upperBound)
        }
        var hours: [String: OpeningHours] = [:]
        for (key, value) in try doc.mapping(map["default_hours"], "default_hours") {
            let name = try doc.string(key, "default_hours")
            do { hours[name] = try OpeningHours(parsing: try doc.string(value, "default_hours.\(name)")) } catch let error as InputError {
                throw doc.error(value, "default_hours.\(name): \(error.message)")
            } catch {
                throw doc.error(value, "default_hours.\(name): not opening hours (\(error))")
            }
        }
        guard let sequence = map["rules"]?.sequence else { throw doc.error(map["rules"], "'rules' must be a list") }
        let rules = try sequence.map { try rule(doc, $0, hours: hours) }
        return SiteRules(windowsByTier: windows, defaultHours: hours,
                         duplicateMeters: try doc.number(map["duplicate_meters"], "duplicate_meters", in: 0...100_000),
                         councilTags: try tags(doc, map["council_tags"], "council_tags"), rules: rules)
    }

    static func rule(_ doc: YAMLDocument, _ node: Node, hours: [String: OpeningHours]) throws -> SiteRules.Rule {
        let keys = ["name", "match", "absent", "exclude_tags", "exclude_names", "named_after_subdistrict", "location", "kind", "tier", "hours"]
        let r = try doc.mapping(node, "a rule")
        for (key, _) in r where !keys.contains(key.scalar?.string ?? "") {
            throw doc.error(key, "unknown key '\(key.scalar?.string ?? "")' in a rule (\(keys.joined(separator: ", ")))")
        }
        for key in ["name", "match", "kind", "hours"] where r[key] == nil { throw doc.error(node, "a rule needs '\(key)'") }
        let kindText = try doc.string(r["kind"], "kind")
        guard let kind = SiteKind(rawValue: kindText) else { throw doc.error(r["kind"], "unknown kind '\(kindText)' (hall or kiosk)") }
        let tier = try r["tier"].map { try self.tier(doc, $0) }
        if kind == .hall && tier == nil { throw doc.error(node, "a hall rule needs a 'tier'") }
        let hoursKey = try doc.string(r["hours"], "hours")
        guard hours[hoursKey] != nil else { throw doc.error(r["hours"], "no default_hours named '\(hoursKey)'") }
        var named: Bool?
        if let n = r["named_after_subdistrict"] {
            switch n.scalar?.string {
            case "true": named = true
            case "false": named = false
            default: throw doc.error(n, "'named_after_subdistrict' must be true or false")
            }
        }
        let locationText = try r["location"].map { try doc.string($0, "location") } ?? "point"
        guard let location = SiteRules.Rule.Location(rawValue: locationText) else {
            throw doc.error(r["location"], "unknown location '\(locationText)' (point or area)")
        }
        var rule = SiteRules.Rule(name: try doc.string(r["name"], "name"), match: try tags(doc, r["match"], "match"),
                                  absent: try r["absent"].map { try doc.strings($0, "absent") } ?? [],
                                  namedAfterSubdistrict: named, location: location, kind: kind, tier: tier, hoursKey: hoursKey)
        rule.excludeTags = try r["exclude_tags"].map { try tags(doc, $0, "exclude_tags") } ?? [:]
        rule.excludeNames = try r["exclude_names"].map { try doc.strings($0, "exclude_names") } ?? []
        if let empty = rule.excludeNames.first(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw doc.error(r["exclude_names"], "exclude_names: '\(empty)' is empty and would leave out every name")
        }
        return rule
    }

    static func tier(_ doc: YAMLDocument, _ node: Node) throws -> Tier {
        let text = try doc.string(node, "tier")
        guard let tier = Tier(rawValue: text) else {
            throw doc.error(node, "unknown tier '\(text)' (\(Tier.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return tier
    }

    /// key -> one value or a list of values.
    static func tags(_ doc: YAMLDocument, _ node: Node?, _ what: String) throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for (key, value) in try doc.mapping(node, what) {
            result[try doc.string(key, what)] = Set(try doc.strings(value, "\(what).\(key.scalar?.string ?? "")"))
        }
        if result.isEmpty { throw doc.error(node, "'\(what)' needs at least one tag") }
        return result
    }
}
