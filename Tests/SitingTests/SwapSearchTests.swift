import Model
import Testing
@testable import Siting

// The swap search's bookkeeping (gain, loss, extra) against the plain total recomputed from
// scratch (`LocalSearch.total`) for every swap, before and after its own moves.

/// Every swap of `search`'s open sites priced by the bookkeeping and by recomputing the total.
func expectSwapsPriced(_ search: SwapSearch, _ costs: AssignmentCosts, _ name: String) {
    let open = search.selected
    let before = LocalSearch(costs: costs, open: open).total
    for j in 0..<costs.siteCount where costs.isSelectable[j] && !open.contains(j) {
        for r in open {
            let after = LocalSearch(costs: costs, open: open.filter { $0 != r } + [j]).total
            let predicted = search.delta(opening: j, closing: r)
            #expect(abs(predicted - (after - before)) <= 1e-9 * max(1, abs(before)),
                    "\(name): swap \(r) -> \(j) priced \(predicted), recomputed \(after - before)")
        }
    }
}

@Test("the swap search prices every swap as a recomputed total, and stops where no swap improves",
      arguments: cases.indices)
func swapSearchMatchesRecomputation(_ index: Int) throws {
    let (name, c) = cases[index]
    let instance = c.instance
    for p in [2, 3] where p < c.selectable.count {
        for costs in [AssignmentCosts.pmedian(instance, threads: 1), AssignmentCosts.coverage(instance, radiusMinutes: 12, threads: 1)] {
            var search = SwapSearch(costs: costs, open: Array(c.selectable.suffix(p)))
            expectSwapsPriced(search, costs, "\(name) p = \(p), start")
            search.run()
            expectSwapsPriced(search, costs, "\(name) p = \(p), after \(search.moves) moves")
            let total = LocalSearch(costs: costs, open: search.selected).total
            for j in c.selectable where !search.selected.contains(j) {
                for r in search.selected {
                    let swapped = LocalSearch(costs: costs, open: search.selected.filter { $0 != r } + [j]).total
                    #expect(swapped >= total * (1 - 1e-9), "\(name) p = \(p): swap \(r) -> \(j) improves a local optimum")
                }
            }
        }
    }
}
