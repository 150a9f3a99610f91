import Foundation
import MIPSolver

/// Exact p-median through CBC on a reduced formulation.
///
/// 1. A Lagrangian bound (from `LocalSearch`) closes candidates that cannot be in any solution
///    better than the heuristic one: opening `j` costs at least `L + ρ_j − ρ_(p)` (swap it for
///    the p-th chosen in the relaxed solution); when that exceeds the heuristic total, `j` stays
///    closed.
/// 2. Each cell gets assignment variables only for its nearest remaining sites (first: those up
///    to the heuristic solution's nearest site, so the warm start is representable), plus one
///    "farther" variable priced at the next site's minutes — a lower bound on what the cell
///    pays when none of its listed sites is open. The model is therefore a relaxation: its bound
///    is a bound for the full problem, and when no cell uses "farther" at a price below its true
///    cost, its optimum is the full problem's optimum. Otherwise the lists of the cells that
///    did are lengthened and the model solved again (starting from the best solution so far).
/// The assignment rows are `x_ik ≤ y_j` (strong form), `Σ_k x_ik + farther_i = 1`, `Σ y = p`.
/// A cell must be reached (its "farther" is 0 once its list holds every site that has a pair
/// with it): when no p sites reach every cell the model is infeasible and the objective infinite.
struct PMedianExact {
    let instance: SitingInstance
    let costs: AssignmentCosts
    let p: Int

    struct Outcome {
        var selected: [Int]
        var lowerBound: Double
        var proven: Bool
        var rounds: Int
    }

    /// `heuristic`: a local optimum's new sites; `lagrangian`: its bound and site terms.
    func solve(heuristic: [Int], lagrangian: LagrangianResult,
               deadline: Date?) throws -> Outcome {
        let n = instance.cellCount
        let sites = instance.siteCount
        var bestSelected = heuristic
        var bestTotal = LocalSearch(costs: costs, open: heuristic).total
        var lowerBound = lagrangian.bound
        if bestTotal - lowerBound <= 1e-10 * max(1, abs(bestTotal)) {
            return Outcome(selected: bestSelected, lowerBound: lowerBound, proven: true, rounds: 0)
        }
        let allowed = allowedSites(heuristic: heuristic, lagrangian: lagrangian, bestTotal: bestTotal)
        let candidates = candidateLists(allowed: allowed, heuristic: heuristic, lagrangian: lagrangian)
        let lists = candidates.lists
        var length = candidates.length
        let useful = (0..<sites).filter { allowed[$0] }
        var rounds = 0
        var proven = false
        while true {
            rounds += 1
            var remaining: Double? = nil
            if let deadline {
                remaining = deadline.timeIntervalSinceNow
                if let r = remaining, r <= 0 { break }
                // CBC checks its time limit only between nodes, not inside the root LP: a model
                // too large to get through that LP in the time left is not started (about
                // 10,000 assignment variables per second on this kind of machine).
                if let r = remaining, Double(length.reduce(0, +)) > 10_000 * r { break }
            }
            let model = buildModel(useful: useful, candidates: candidates, length: length)
            let problem = model.problem, column = model.column
            let assignColumns = model.assignColumns, fartherColumn = model.fartherColumn
            let fartherCost = model.fartherCost
            // Warm start: the best solution so far, each cell at its nearest listed open site.
            var start: [(column: Int32, value: Double)] = []
            var openBest = [Bool](repeating: false, count: sites)
            for j in bestSelected { openBest[j] = true }
            for j in useful where openBest[j] { start.append((column[j], 1)) }
            for i in 0..<n {
                if let l = (0..<length[i]).first(where: { openBest[Int(lists[i][$0])] }) {
                    start.append((assignColumns[i][l], 1))
                } else {
                    start.append((fartherColumn[i], 1))
                }
            }
            let solution = try MIPSolver.solve(problem, options: MIPOptions(
                timeLimitSeconds: remaining, warmStart: start, relativeGap: 1e-11, absoluteGap: 1e-7))
            if let b = solution.bestBound { lowerBound = max(lowerBound, b) }
            guard !solution.values.isEmpty else { break }
            let chosen = useful.filter { solution.values[Int(column[$0])] > 0.5 }
            let search = LocalSearch(costs: costs, open: chosen)
            let total = search.total
            if total < bestTotal { bestTotal = total; bestSelected = chosen }
            // Cells that used "farther" below their true cost need longer lists.
            var lengthened = false
            for i in 0..<n where solution.values[Int(fartherColumn[i])] > 0.5 && search.first[i] > fartherCost[i] {
                if length[i] < lists[i].count {
                    // Up to the chosen solution's nearest listed site, and double at least.
                    var l = length[i]
                    while l < lists[i].count && !chosen.contains(Int(lists[i][l])) { l += 1 }
                    length[i] = min(lists[i].count, max(l + 1, 2 * length[i]))
                    lengthened = true
                }
            }
            if solution.status != .optimal { break }
            if !lengthened {
                proven = true
                lowerBound = max(lowerBound, min(solution.objective ?? lowerBound, bestTotal))
                break
            }
        }
        if proven { lowerBound = min(lowerBound, bestTotal) }
        return Outcome(selected: bestSelected.sorted(), lowerBound: lowerBound, proven: proven, rounds: rounds)
    }

    /// Per cell: the allowed sites before the first fixed one (ascending, with their minutes),
    /// the cap (the fixed site's minutes or the missing-pair penalty), and the initial list length.
    struct CandidateLists {
        var lists: [[Int32]]
        var listCosts: [[Double]]
        var cap: [Double]
        var length: [Int]
    }

    /// The reduced model of one round, with the columns the warm start and the result read.
    struct Model {
        var problem: MIPProblem
        var column: [Int32]
        var assignColumns: [[Int32]]
        var fartherColumn: [Int32]
        var fartherCost: [Double]
    }

    /// Step 1: the candidates the Lagrangian bound does not rule out (plus the heuristic's sites).
    func allowedSites(heuristic: [Int], lagrangian: LagrangianResult, bestTotal: Double) -> [Bool] {
        let sites = instance.siteCount
        let rho = lagrangian.siteTerms
        let selectable = (0..<sites).filter { costs.isSelectable[$0] }
        let order = selectable.sorted { rho[$0] < rho[$1] || (rho[$0] == rho[$1] && $0 < $1) }
        var allowed = [Bool](repeating: false, count: sites)
        let keepAll = order.count <= p
        let pth = keepAll ? 0 : rho[order[p - 1]]
        // The bound is on the penalized total: it rules sites out only when the heuristic
        // solution reaches every cell (then so does any better one).
        let reachesAll = LocalSearch(costs: costs, open: heuristic).nearest.allSatisfy { $0 >= 0 }
        for (rank, j) in order.enumerated() {
            if keepAll || !reachesAll || rank < p || lagrangian.bound + rho[j] - pth <= bestTotal * (1 + 1e-12) + 1e-9 {
                allowed[j] = true
            }
        }
        for j in heuristic { allowed[j] = true }
        return allowed
    }

    /// Step 2: each cell's candidate list, its cap and its initial length.
    func candidateLists(allowed: [Bool], heuristic: [Int], lagrangian: LagrangianResult) -> CandidateLists {
        let n = instance.cellCount
        let sites = instance.siteCount
        var isFixed = [Bool](repeating: false, count: sites)
        for j in instance.fixed { isFixed[Int(j)] = true }
        // Per cell: the allowed sites before the first fixed one, ascending; the cap is the
        // fixed site's minutes (or the missing-pair penalty).
        var lists = [[Int32]](repeating: [], count: n)
        var listCosts = [[Double]](repeating: [], count: n)
        var cap = costs.missingCosts
        for i in 0..<n {
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
                let j = Int(instance.rowSites[k])
                if isFixed[j] { cap[i] = instance.rowMinutes[k]; break }
                if allowed[j] { lists[i].append(Int32(j)); listCosts[i].append(instance.rowMinutes[k]) }
            }
        }
        // Initial lengths: up to the heuristic's nearest new site (all of them when it is farther
        // than the cap), at least one.
        var openHeuristic = [Bool](repeating: false, count: sites)
        for j in heuristic { openHeuristic[j] = true }
        // ... and past the sites with a negative Lagrangian reduced cost w·d − λ (the ones the
        // relaxed solution would use), plus one.
        var length = [Int](repeating: 0, count: n)
        for i in 0..<n {
            var l = 0
            while l < lists[i].count && !openHeuristic[Int(lists[i][l])] { l += 1 }
            var negative = 0
            while negative < listCosts[i].count
                && instance.populations[i] * listCosts[i][negative] < lagrangian.multipliers[i] { negative += 1 }
            length[i] = min(lists[i].count, max(l + 1, negative + 1))
        }
        return CandidateLists(lists: lists, listCosts: listCosts, cap: cap, length: length)
    }

    /// One round's model: `Σ y = p`, and per cell its first `length[i]` listed sites (`x ≤ y`)
    /// plus the "farther" column, assigned once.
    func buildModel(useful: [Int], candidates: CandidateLists, length: [Int]) -> Model {
        let n = instance.cellCount
        let sites = instance.siteCount
        let lists = candidates.lists, listCosts = candidates.listCosts, cap = candidates.cap
        var problem = MIPProblem(sense: .minimize)
        var column = [Int32](repeating: -1, count: sites)
        for j in useful { column[j] = problem.addColumn(.binary()) }
        problem.addRow(useful.map { column[$0] }, [Double](repeating: 1, count: useful.count),
                       lower: Double(p), upper: Double(p))
        var assignColumns: [[Int32]] = Array(repeating: [], count: n)
        var fartherColumn = [Int32](repeating: -1, count: n)
        var fartherCost = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let w = instance.populations[i]
            var row: [Int32] = []
            for l in 0..<length[i] {
                let x = problem.addColumn(MIPProblem.Column(lower: 0, upper: 1, objective: w * listCosts[i][l]))
                problem.addRow([x, column[Int(lists[i][l])]], [1, -1], upper: 0)
                row.append(x)
                assignColumns[i].append(x)
            }
            let farther = length[i] < lists[i].count ? min(listCosts[i][length[i]], cap[i]) : cap[i]
            fartherCost[i] = farther
            // No site left to reach the cell: it must use a listed one (infinitely far otherwise).
            let unreachable = length[i] == lists[i].count && cap[i] == costs.missingCosts[i]
            let f = problem.addColumn(MIPProblem.Column(lower: 0, upper: unreachable ? 0 : 1, objective: w * farther))
            fartherColumn[i] = f
            row.append(f)
            problem.addRow(row, [Double](repeating: 1, count: row.count), lower: 1, upper: 1)
        }
        return Model(problem: problem, column: column, assignColumns: assignColumns,
                     fartherColumn: fartherColumn, fartherCost: fartherCost)
    }
}
