/// The models' objectives computed from a set of open sites, with the arithmetic the peer
/// check (`compare.py`) uses: cells in file order, plain left-to-right sums of
/// population × minutes, so that "the objective follows from the selected sites" holds exactly.
public enum SitingObjective {
    /// Minutes from each cell to its nearest open site (`.infinity` when none is listed).
    public static func nearestMinutes(_ instance: SitingInstance, open: [Bool]) -> [Double] {
        var result = [Double](repeating: .infinity, count: instance.cellCount)
        for i in 0..<instance.cellCount {
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] where open[Int(instance.rowSites[k])] {
                result[i] = instance.rowMinutes[k] // rows are sorted: the first open one is nearest
                break
            }
        }
        return result
    }

    /// The open-site mask for new sites `selected` plus the fixed sites.
    public static func openMask(_ instance: SitingInstance, selected: [Int]) -> [Bool] {
        var open = [Bool](repeating: false, count: instance.siteCount)
        for j in selected { open[j] = true }
        for j in instance.fixed { open[Int(j)] = true }
        return open
    }

    /// Covered population (MCLP): Σ pop over cells with an open site within `radiusMinutes`.
    public static func coveredPopulation(_ instance: SitingInstance, open: [Bool], radiusMinutes: Double) -> Double {
        let nearest = nearestMinutes(instance, open: open)
        var total = 0.0
        for i in 0..<instance.cellCount where nearest[i] <= radiusMinutes { total += instance.populations[i] }
        return total
    }

    /// Population-weighted total minutes (p-median); `.infinity` when a cell has no pair to an
    /// open site.
    public static func totalWeightedMinutes(_ instance: SitingInstance, open: [Bool]) -> Double {
        let nearest = nearestMinutes(instance, open: open)
        var total = 0.0
        for i in 0..<instance.cellCount { total += instance.populations[i] * nearest[i] }
        return total
    }

    /// Largest minutes from a cell to its nearest open site (p-center); `.infinity` when a
    /// cell has no pair to an open site, 0 without cells.
    public static func largestMinutes(_ instance: SitingInstance, open: [Bool]) -> Double {
        nearestMinutes(instance, open: open).max() ?? 0
    }

    /// Population of the cells with no pair to any open site.
    public static func unreachedPopulation(_ instance: SitingInstance, open: [Bool]) -> Double {
        let nearest = nearestMinutes(instance, open: open)
        var total = 0.0
        for i in 0..<instance.cellCount where nearest[i] == .infinity { total += instance.populations[i] }
        return total
    }

    /// The model's objective for new sites `selected` (plus the fixed sites). LSCP: the number
    /// of new sites. Twin: the terms with an option (see `TwinTerms.value`).
    public static func value(_ model: SitingModel, _ instance: SitingInstance, selected: [Int]) -> Double {
        let open = openMask(instance, selected: selected)
        switch model {
        case .mclp(_, let r): return coveredPopulation(instance, open: open, radiusMinutes: r)
        case .pmedian: return totalWeightedMinutes(instance, open: open)
        case .lscp: return Double(selected.count)
        case .pcenter: return largestMinutes(instance, open: open)
        case .twin(_, let terms): return terms.value(instance, open: open).objective
        }
    }
}
