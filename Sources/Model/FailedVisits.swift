/// 来回跑 by tier: the chance that a visit does not complete because of the competent office
/// (practice differing from the standard, papers asked beyond the list), beside the item's own
/// chance (materials incomplete). An item's visits fail with its own probability and, apart
/// from that, with its tier's: a visit completes only when neither happens, so the chance it
/// fails is 1 − (1 − p_item)(1 − p_tier).
public enum FailedVisits {
    /// The chance that a visit fails for either of two independent reasons.
    public static func combined(item: Double, tier: Double) -> Double {
        1 - (1 - item) * (1 - tier)
    }
}

extension District {
    /// The catalogue as the channel choice takes it: each item's failed-visit probability
    /// combined with that of its competent tier (`minTier`, `district.yaml`'s
    /// `failed_visit_probability`); the catalogue itself when the district sets none.
    public var servicesWithTierFailures: [ServiceItem] {
        let byTier = settings.failedVisitProbabilityByTier
        guard !byTier.isEmpty else { return services }
        return services.map { item in
            guard let tier = byTier[item.minTier], tier > 0 else { return item }
            var visited = item
            visited.failedVisitProbability = FailedVisits.combined(item: item.failedVisitProbability, tier: tier)
            return visited
        }
    }
}
