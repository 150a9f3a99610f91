import Formats
import Model
import Yams

extension DistrictLoader {
    /// `failed_visit_probability:` of district.yaml, a mapping of tier to the chance (0 ≤ p < 1)
    /// that a visit to an item of that competent tier does not complete; errors name the line.
    func readFailedVisits(_ doc: YAMLDocument, _ mapping: CheckedMapping) throws -> [Tier: Double] {
        var byTier: [Tier: Double] = [:]
        for tier in Tier.allCases {
            guard let node = mapping[tier.rawValue] else { continue }
            let key = "failed_visit_probability.\(tier.rawValue)"
            let p = try doc.number(node, key, in: 0...1)
            guard p < 1 else {
                throw doc.error(node, "\(key) is \(GeoJSONWriter.number(p)); it must be below 1 (the chance that a visit does not complete)")
            }
            byTier[tier] = p
        }
        return byTier
    }
}
