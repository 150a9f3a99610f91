import Formats
import Model
import Yams

/// `failed_visit_probability`: 来回跑 by the competent office, per tier (`district.yaml`'s key of
/// the same name): each tier given replaces the district's; an item's visits then fail with
/// 1 − (1 − p_item)(1 − p_tier), its tier its `min_tier`.
public struct FailedVisitsByTier: ScenarioChange {
    static let key = "failed_visit_probability"
    public var byTier: [Tier: Double]

    static func parse(from body: ChangeBody) throws -> FailedVisitsByTier {
        let m = try body.fields(Set(Tier.allCases.map(\.rawValue)))
        var byTier: [Tier: Double] = [:]
        for tier in Tier.allCases {
            guard let node = m[tier.rawValue] else { continue }
            let p = try body.doc.number(node, "\(key).\(tier.rawValue)", in: 0...0.95)
            byTier[tier] = p
        }
        if byTier.isEmpty { throw body.error(body.node, "\(key) needs a tier (community, street, district or city)") }
        return FailedVisitsByTier(byTier: byTier)
    }

    func apply(to state: inout ScenarioState) {
        for (tier, p) in byTier { state.district.settings.failedVisitProbabilityByTier[tier] = p }
        let set = state.district.settings.failedVisitProbabilityByTier
        let parts = Tier.allCases.compactMap { tier in set[tier].map { "\(tier.rawValue) \(GeoJSONWriter.number($0))" } }
        state.log("failed visits by competent tier: \(parts.joined(separator: ", "))")
    }
}
