import Model

extension RoadNetwork {
    /// Minutes from every cell to the nearest of the sites `columns` (column indices of
    /// `minutes`, the run's cell → site pairs within the cut-off from `travelMinutesByCell`), as
    /// `nearestSiteSeconds` gives them, without a search: `.infinity` for a cell that did not
    /// snap (`cellSnaps`), else its smallest pair to one of those sites. nil when a snapped cell
    /// has no such pair (its nearest site lies beyond the cut-off or nowhere): then only the
    /// whole-graph search can tell.
    ///
    /// The same numbers bit for bit: a pair is the search's time from the site (its snap leg
    /// first) plus the cell's leg in `Float`, then `Double(seconds) / 60`; the multi-source
    /// search's time at a node is the least of those single-source times (Float addition
    /// rounds monotonically), and a pair left out is beyond the cut-off, so never below a pair
    /// kept. `NearestFromPairsTests` compares both.
    public static func nearestMinutes(in minutes: SparseTravel, columns: [Int], cellSnaps: SnapResult) -> [Double]? {
        guard minutes.rowCount == cellSnaps.snaps.count else { return nil }
        var wanted = [Bool](repeating: false, count: minutes.columnCount)
        for j in columns where wanted.indices.contains(j) { wanted[j] = true }
        var nearest = [Double](repeating: .infinity, count: minutes.rowCount)
        for cell in 0..<minutes.rowCount where cellSnaps.snaps[cell] != nil {
            guard let best = minutes.nearestMinutes(fromCell: cell, where: { wanted[$0] }) else { return nil }
            nearest[cell] = best
        }
        return nearest
    }
}
