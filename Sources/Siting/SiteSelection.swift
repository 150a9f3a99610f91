import Foundation
import MIPSolver
import Model

/// How to solve.
public struct SitingOptions: Sendable {
    /// Prove the optimum with CBC (after the heuristic, which gives the warm start).
    public var exact: Bool
    /// Wall-clock budget in seconds for the solve; the best solution found so far is returned
    /// with its gap when it runs out. CBC does not stop inside a root LP, so an exact p-median
    /// model too large for the time left is not started (the heuristic and its bound stand).
    public var timeLimitSeconds: Double?
    /// Threads the heuristics' loops over pairs may use at most (>= 1); the result is the same
    /// for any count.
    public var threads: Int

    public init(exact: Bool = false, timeLimitSeconds: Double? = nil, threads: Int = 2) {
        self.exact = exact
        self.timeLimitSeconds = timeLimitSeconds
        self.threads = threads
    }
}

/// What is known about a solution's quality.
public enum SitingStatus: String, Sendable {
    /// Proven optimal (by CBC, or because a bound meets the objective).
    case optimal
    /// An exact solve was stopped (time or node limit, or CBC ended without a proof): the best
    /// solution found, with its bound and gap.
    case stoppedWithSolution = "stopped_with_solution"
    /// Heuristic only (no exact solve was run), with its bound and gap.
    case heuristic
}

/// A chosen set of sites with what is known about its quality.
public struct SitingResult: Sendable, Equatable {
    /// New sites opened (site numbers, ascending); the fixed sites are open besides them.
    public var selected: [Int]
    /// The model's objective (see `SitingModel`), computed from the open sites with
    /// `SitingObjective`; `.infinity` for p-median / p-center when a cell has no pair to any
    /// open site.
    public var objective: Double
    /// A proven bound on the optimum (lower when minimizing, upper for MCLP), when one is known.
    public var bound: Double?
    /// |objective − bound| / |objective| (0 when both are 0), when a finite bound is known.
    public var gap: Double?
    /// The objective is proven optimal.
    public var provenOptimal: Bool
    /// An exact solve ran and stopped before proving the optimum.
    public var exactStopped = false
    /// LSCP: cells no site reaches within the radius (left out of the cover, as spopt does).
    public var uncoverableCells: Int?
    /// p-median / p-center: population with no pair to any open site.
    public var unreachedPopulation: Double?
    /// Twin: weighted completions per year with no option at all (no remote option and no
    /// capable open site listed), left out of the objective.
    public var unreachedCompletions: Double?

    public var status: SitingStatus {
        provenOptimal ? .optimal : exactStopped ? .stoppedWithSolution : .heuristic
    }

    static func gap(objective: Double, bound: Double?) -> Double? {
        guard let bound, objective.isFinite, bound.isFinite else { return nil }
        if objective == bound { return 0 }
        return abs(objective - bound) / max(abs(objective), 1e-300)
    }
}

/// Site selection: maximal covering, p-median, set covering, p-center and the twin-aware capped
/// p-median (`TwinTerms`) over candidate sites, with fixed sites open in every solution.
///
/// `p` counts NEW sites, chosen among the candidates that are not fixed; fixed sites are open
/// besides them and count in the objective (they cover, and cells may use them). LSCP's
/// objective is the number of new sites. A cell with no pair to an open site is infinitely far
/// for p-median and p-center (objective `.infinity`); the heuristic then reaches as many
/// cells as it can first (a penalty above any real total per unreached resident).
///
/// Heuristic: greedy (lazy evaluation), then vertex substitution to a local optimum; bounds:
/// Lagrangian (p-median, MCLP), disjoint cells (LSCP), the farthest cell's nearest site
/// (p-center). Exact: CBC on the coverage formulation (MCLP, LSCP), a reduced assignment
/// formulation (p-median, see `PMedianExact`), bisection over the distinct minutes with
/// set-covering feasibility MIPs (p-center).
public enum SiteSelection {
    public static func solve(_ instance: SitingInstance, model: SitingModel,
                             options: SitingOptions = SitingOptions()) throws -> SitingResult {
        let deadline = options.timeLimitSeconds.map { Date().addingTimeInterval($0) }
        let selectableCount = instance.isSelectable.filter { $0 }.count
        if let p = model.p {
            guard p >= 0 else { throw InputError(.usage, file: "--p", .file, "must be 0 or more (got \(p))") }
            guard p <= selectableCount else {
                throw InputError(.usage, file: "--p", .file,
                                 "\(p) new sites asked for, but only \(selectableCount) candidate\(selectableCount == 1 ? "" : "s") can be opened")
            }
        }
        if model.p == 0, instance.fixed.isEmpty, let name = model.needsAnOpenSite {
            throw InputError(.usage, file: "--p", .file,
                             "0 new sites and no fixed site: nothing would be open, and \(name) has no value then (ask for at least 1, or give --fixed sites)")
        }
        guard options.threads >= 1 else {
            throw InputError(.usage, file: "--threads", .file, "must be 1 or more (got \(options.threads))")
        }
        if let r = model.radiusMinutes, !(r >= 0 && r.isFinite) {
            throw InputError(.usage, file: "--radius-minutes", .file, "must be a finite number >= 0 (got \(r))")
        }
        let threads = options.threads
        switch model {
        case .mclp(let p, let r): return try mclp(instance, p: p, radius: r, exact: options.exact, deadline: deadline, threads: threads)
        case .pmedian(let p): return try pmedian(instance, p: p, exact: options.exact, deadline: deadline, threads: threads)
        case .lscp(let r): return try lscp(instance, radius: r, exact: options.exact, deadline: deadline)
        case .pcenter(let p): return try pcenter(instance, p: p, exact: options.exact, deadline: deadline, threads: threads)
        case .twin(let p, let terms):
            if let problem = terms.validate(instance) { throw InputError(.internalError, file: "twin terms", .file, problem) }
            guard !options.exact else {
                throw InputError(.usage, file: "--exact", .file, "the twin model has no exact mode (heuristic with a Lagrangian bound)")
            }
            return try twin(instance, p: p, terms: terms, deadline: deadline, threads: threads)
        }
    }

    static func remaining(_ deadline: Date?) -> Double? {
        deadline.map { max(0.01, $0.timeIntervalSinceNow) }
    }

    // MARK: MCLP

    static func mclp(_ instance: SitingInstance, p: Int, radius: Double, exact: Bool, deadline: Date?, threads: Int) throws -> SitingResult {
        let costs = AssignmentCosts.coverage(instance, radiusMinutes: radius, threads: threads)
        var search = LocalSearch(costs: costs)
        search.greedy(count: p)
        search.interchange(deadline: deadline)
        var selected = search.selected
        let totalPopulation = instance.populations.reduce(0, +)
        // Upper bounds: submodularity (covered + the p largest gains) and the Lagrangian one.
        let gains = (0..<instance.siteCount).filter { costs.isSelectable[$0] && !search.open[$0] }
            .map { search.gain($0) }.sorted(by: >)
        let uncovered = search.total
        var bound = totalPopulation - uncovered + gains.prefix(p).reduce(0, +)
        let lagrangian = search.lagrangianBound(p: p, upper: uncovered, maxIterations: 200, steps: .scaledGrowing, deadline: deadline)
        if lagrangian.bound.isFinite { bound = min(bound, totalPopulation - lagrangian.bound) }
        if let better = lagrangian.primal {
            var polished = LocalSearch(costs: costs, open: better)
            polished.interchange(deadline: deadline)
            if polished.total < search.total { search = polished; selected = polished.selected }
        }
        var proven = false
        // As for LSCP: CBC also without `--exact` when the covering matrix is small, stopped after
        // `lscpDefaultNodeLimit` nodes (deterministic), keeping the better of its sites and these.
        let cover = CoverProblem(instance, radiusMinutes: radius)
        let runsCBC = exact || cover.distinctNonzeros <= lscpExactNonzeros
        if runsCBC {
            let mip = try mclpExact(instance, cover: cover, p: p, warmStart: selected, deadline: deadline,
                                    maximumNodes: exact ? nil : lscpDefaultNodeLimit)
            if SitingObjective.value(.mclp(p: p, radiusMinutes: radius), instance, selected: mip.selected)
                >= SitingObjective.value(.mclp(p: p, radiusMinutes: radius), instance, selected: selected) {
                selected = mip.selected
            }
            if let b = mip.bound { bound = min(bound, b) }
            proven = mip.proven
        }
        selected = pad(selected, to: p, instance: instance)
        let objective = SitingObjective.value(.mclp(p: p, radiusMinutes: radius), instance, selected: selected)
        if proven || bound <= objective * (1 + 1e-12) { bound = objective; proven = true }
        return SitingResult(selected: selected, objective: objective, bound: bound,
                            gap: SitingResult.gap(objective: objective, bound: bound), provenOptimal: proven,
                            exactStopped: runsCBC && !proven)
    }

    /// Maximize Σ w_k z_k, z_k ≤ Σ_{j covers k} y_j, Σ y = p, over the cells not covered by a
    /// fixed site, cells with the same covering sites merged into one row.
    static func mclpExact(_ instance: SitingInstance, cover: CoverProblem, p: Int, warmStart: [Int], deadline: Date?,
                          maximumNodes: Int?) throws -> (selected: [Int], bound: Double?, proven: Bool) {
        var constant = 0.0 // population covered by fixed sites
        var isCellCovered = [Bool](repeating: false, count: instance.cellCount)
        var inCover = [Bool](repeating: false, count: instance.cellCount)
        for i in cover.cells { inCover[i] = true }
        var uncoverableMask = [Bool](repeating: false, count: instance.cellCount)
        for i in cover.uncoverable { uncoverableMask[i] = true }
        for i in 0..<instance.cellCount where !inCover[i] && !uncoverableMask[i] {
            constant += instance.populations[i]
            isCellCovered[i] = true
        }
        var groupIndex: [[Int32]: Int] = [:]
        var groups: [[Int32]] = []
        var weights: [Double] = []
        for (k, set) in cover.sets.enumerated() {
            let w = instance.populations[cover.cells[k]]
            if let g = groupIndex[set] { weights[g] += w } else {
                groupIndex[set] = groups.count
                groups.append(set)
                weights.append(w)
            }
        }
        var usefulSet = Set<Int32>()
        for g in groups { usefulSet.formUnion(g) }
        let useful = usefulSet.sorted()
        if useful.count <= p { return (useful.map(Int.init), constant + weights.reduce(0, +), true) }
        var problem = MIPProblem(sense: .maximize)
        var column = [Int32](repeating: -1, count: instance.siteCount)
        for j in useful { column[Int(j)] = problem.addColumn(.binary()) }
        problem.addRow(useful.map { column[Int($0)] }, [Double](repeating: 1, count: useful.count),
                       lower: Double(p), upper: Double(p))
        var zColumns: [Int32] = []
        for (g, set) in groups.enumerated() {
            let z = problem.addColumn(MIPProblem.Column(lower: 0, upper: 1, objective: weights[g]))
            zColumns.append(z)
            problem.addRow([z] + set.map { column[Int($0)] }, [1] + [Double](repeating: -1, count: set.count), upper: 0)
        }
        var start: [(column: Int32, value: Double)] = []
        var openStart = [Bool](repeating: false, count: instance.siteCount)
        for j in warmStart { openStart[j] = true }
        for j in useful where openStart[Int(j)] { start.append((column[Int(j)], 1)) }
        for (g, set) in groups.enumerated() where set.contains(where: { openStart[Int($0)] }) { start.append((zColumns[g], 1)) }
        let total = weights.reduce(0, +)
        let solution = try MIPSolver.solve(problem, options: MIPOptions(
            timeLimitSeconds: remaining(deadline), maximumNodes: maximumNodes, warmStart: start, relativeGap: 0,
            absoluteGap: 1e-9 * max(1, total)))
        let selected = solution.values.isEmpty ? warmStart
            : useful.filter { solution.values[Int(column[Int($0)])] > 0.5 }.map(Int.init)
        return (selected, solution.bestBound.map { constant + $0 }, solution.status == .optimal)
    }

    // MARK: p-median

    static func pmedian(_ instance: SitingInstance, p: Int, exact: Bool, deadline: Date?, threads: Int) throws -> SitingResult {
        let costs = AssignmentCosts.pmedian(instance, threads: threads)
        let (search, lagrangian) = exact ? pmedianExactStart(costs, p: p, deadline: deadline)
            : pmedianSearch(costs, p: p, deadline: deadline)
        var selected = search.selected
        var lowerBound = lagrangian.bound
        var proven = false
        if exact {
            let outcome = try PMedianExact(instance: instance, costs: costs, p: p)
                .solve(heuristic: selected, lagrangian: lagrangian, deadline: deadline)
            selected = outcome.selected
            lowerBound = max(lowerBound, outcome.lowerBound)
            proven = outcome.proven
        }
        selected = pad(selected, to: p, instance: instance)
        let open = SitingObjective.openMask(instance, selected: selected)
        let objective = SitingObjective.totalWeightedMinutes(instance, open: open)
        let unreached = SitingObjective.unreachedPopulation(instance, open: open)
        // The Lagrangian bound is on the penalized total: a bound on the objective only when
        // every cell is reached.
        var bound: Double? = objective.isFinite && lowerBound.isFinite ? min(lowerBound, objective) : nil
        if let b = bound, objective - b <= 1e-10 * max(1, objective) { proven = true; bound = objective }
        if proven, objective.isFinite { bound = objective }
        return SitingResult(selected: selected, objective: objective, bound: bound,
                            gap: SitingResult.gap(objective: objective, bound: bound), provenOptimal: proven && objective.isFinite,
                            exactStopped: exact && !proven && objective.isFinite,
                            unreachedPopulation: unreached)
    }

    /// The start of the exact p-median solve: greedy, Whitaker's interchange, 300 plain bound
    /// steps (the candidate closing of `PMedianExact` was tuned with them), the interchange again
    /// from the relaxed solution; the better local optimum stays.
    static func pmedianExactStart(_ costs: AssignmentCosts, p: Int, deadline: Date?) -> (search: LocalSearch, lagrangian: LagrangianResult) {
        var search = LocalSearch(costs: costs)
        search.greedy(count: p)
        search.interchange(deadline: deadline)
        // Exact mode only needs the bound to close candidates (CBC proves the rest). With a
        // cell left unreached the objective is infinite and a bound tells nothing.
        let reachesAll = search.nearest.allSatisfy { $0 >= 0 }
        let lagrangian = reachesAll
            ? search.lagrangianBound(p: p, upper: search.total, maxIterations: 300,
                                     targetGap: 1e-7, deadline: deadline)
            : LagrangianResult(bound: -.infinity, multipliers: (0..<costs.weights.count).map { costs.weights[$0] * search.first[$0] },
                               siteTerms: [Double](repeating: 0, count: costs.siteCount), primal: nil, primalTotal: search.total)
        // Second start: the relaxed solution at the best multipliers (or a priced one that
        // beat the local optimum), polished by the same interchange; the better one stays.
        if reachesAll {
            let start = lagrangian.primal ?? Array(lagrangian.relaxedOrder(costs).prefix(p))
            if Set(start) != Set(search.selected) {
                var polished = LocalSearch(costs: costs, open: start)
                polished.interchange(deadline: deadline)
                if polished.total < search.total { search = polished }
            }
        }
        return (search, lagrangian)
    }

    // MARK: LSCP

    /// LSCP is solved exactly without `--exact` when its covering matrix (one row per distinct
    /// set of covering sites) has at most this many nonzeros; CBC then stops after
    /// `lscpDefaultNodeLimit` nodes (deterministic, unlike a time limit), keeping the better
    /// of its cover and the heuristic's.
    public static let lscpExactNonzeros = 100_000
    public static let lscpDefaultNodeLimit = 1_000

    /// Cells that no site (new or fixed) reaches within `radiusMinutes`, ascending: LSCP has no
    /// cover of them (spopt: "Infeasible").
    public static func uncoverableCells(_ instance: SitingInstance, radiusMinutes: Double) -> [Int] {
        CoverProblem(instance, radiusMinutes: radiusMinutes).uncoverable
    }

    /// `CoverProblem.heuristic` with its bound; then CBC when asked for
    /// (`exact`) or when the instance is small (`lscpExactNonzeros`). Cells no site reaches are
    /// left out (counted in `uncoverableCells`); callers decide whether that is allowed.
    static func lscp(_ instance: SitingInstance, radius: Double, exact: Bool, deadline: Date?) throws -> SitingResult {
        let cover = CoverProblem(instance, radiusMinutes: radius)
        let heuristic = cover.heuristic(siteCount: instance.siteCount)
        var selected = heuristic.sites
        var bound = Double(heuristic.bound)
        var proven = bound >= Double(selected.count)
        let small = cover.distinctNonzeros <= lscpExactNonzeros
        var stopped = false
        if (exact || small) && !proven {
            let mip = try cover.solveExact(siteCount: instance.siteCount, limit: nil, warmStart: selected,
                                           timeLimitSeconds: remaining(deadline),
                                           maximumNodes: exact ? nil : lscpDefaultNodeLimit)
            if !mip.selected.isEmpty || mip.status == .optimal, mip.selected.count <= selected.count,
               coversAll(cover, mip.selected, siteCount: instance.siteCount) {
                selected = mip.selected
            }
            if let b = mip.bound { bound = max(bound, b) }
            proven = mip.status == .optimal || bound >= Double(selected.count)
            stopped = !proven
        }
        let objective = Double(selected.count)
        if proven { bound = objective }
        return SitingResult(selected: selected, objective: objective, bound: bound,
                            gap: SitingResult.gap(objective: objective, bound: bound), provenOptimal: proven,
                            exactStopped: stopped, uncoverableCells: cover.uncoverable.count)
    }

    static func coversAll(_ cover: CoverProblem, _ sites: [Int], siteCount: Int) -> Bool {
        var open = [Bool](repeating: false, count: siteCount)
        for j in sites { open[j] = true }
        return cover.sets.allSatisfy { $0.contains { open[Int($0)] } }
    }

    // MARK: p-center

    static func pcenter(_ instance: SitingInstance, p: Int, exact: Bool, deadline: Date?, threads: Int) throws -> SitingResult {
        // Lower bound: every cell is at least as far as its nearest site of all.
        var lower = 0.0
        for i in 0..<instance.cellCount {
            let start = instance.rowStarts[i], end = instance.rowStarts[i + 1]
            var nearest = Double.infinity
            for k in start..<end where instance.isSelectable[Int(instance.rowSites[k])] || instance.fixed.contains(instance.rowSites[k]) {
                nearest = instance.rowMinutes[k]
                break
            }
            lower = max(lower, nearest)
        }
        let model = SitingModel.pcenter(p: p)
        // Start: the p-median local optimum (spreads sites), then bisection with greedy covers.
        let costs = AssignmentCosts.pmedian(instance, threads: threads)
        var search = LocalSearch(costs: costs)
        search.greedy(count: p)
        var best = search.selected
        var bestValue = SitingObjective.value(model, instance, selected: best)
        var bound: Double? = lower.isFinite ? lower : nil
        var proven = false
        if lower.isFinite {
            var values = Set<Double>()
            for k in 0..<instance.pairCount where instance.rowMinutes[k] >= lower && instance.rowMinutes[k] <= bestValue {
                values.insert(instance.rowMinutes[k])
            }
            let radii = values.sorted()
            // Greedy covers: the smallest radius at which greedy needs at most p sites.
            var lo = 0, hi = radii.count - 1
            while lo <= hi {
                if let deadline, Date() >= deadline { break }
                let mid = (lo + hi) / 2
                let cover = CoverProblem(instance, radiusMinutes: radii[mid])
                if cover.uncoverable.isEmpty, let sites = cover.greedy(siteCount: instance.siteCount, limit: p) {
                    let padded = padForCenter(threads: threads, sites, p: p, instance: instance)
                    let value = SitingObjective.value(model, instance, selected: padded)
                    if value < bestValue || (value == bestValue && padded.count == p) { best = padded; bestValue = value }
                    hi = mid - 1
                } else {
                    lo = mid + 1
                }
            }
            best = centerInterchange(instance, selected: padForCenter(threads: threads, best, p: p, instance: instance), deadline: deadline)
            bestValue = SitingObjective.value(model, instance, selected: best)
            if exact {
                // Exact bisection: the optimum is a listed minutes value in [lower, bestValue].
                var lo = 0, hi = radii.count - 1
                while hi >= 0 && radii[hi] >= bestValue { hi -= 1 } // bestValue itself is feasible
                var complete = true
                while lo <= hi {
                    if let deadline, Date() >= deadline { complete = false; break }
                    let mid = (lo + hi) / 2
                    let cover = CoverProblem(instance, radiusMinutes: radii[mid])
                    var feasible: [Int]? = nil
                    if cover.uncoverable.isEmpty {
                        if let sites = cover.greedy(siteCount: instance.siteCount, limit: p) {
                            feasible = sites
                        } else if cover.packingBound(siteCount: instance.siteCount) <= p {
                            let mip = try cover.solveExact(siteCount: instance.siteCount, limit: p, warmStart: nil,
                                                           timeLimitSeconds: remaining(deadline), feasibilityOnly: true)
                            switch mip.status {
                            case .optimal where mip.selected.count <= p,
                                 .stoppedWithSolution where mip.selected.count <= p:
                                feasible = mip.selected
                            case .infeasible:
                                break
                            default:
                                complete = false
                            }
                        }
                    }
                    if !complete { break }
                    if let sites = feasible {
                        let padded = padForCenter(threads: threads, sites, p: p, instance: instance)
                        let value = SitingObjective.value(model, instance, selected: padded)
                        if value < bestValue { best = padded; bestValue = value }
                        hi = min(mid - 1, (radii.firstIndex { $0 >= bestValue } ?? radii.count) - 1)
                    } else {
                        lo = mid + 1
                        bound = max(bound ?? 0, mid + 1 < radii.count ? radii[mid + 1] : bestValue)
                    }
                }
                if complete {
                    proven = true
                    bound = bestValue
                }
            }
        }
        best = padForCenter(threads: threads, best, p: p, instance: instance)
        let open = SitingObjective.openMask(instance, selected: best)
        let objective = SitingObjective.largestMinutes(instance, open: open)
        if let b = bound, objective.isFinite, b >= objective { proven = true }
        if !objective.isFinite { bound = nil }
        if let b = bound { bound = min(b, objective) }
        return SitingResult(selected: best, objective: objective, bound: bound,
                            gap: SitingResult.gap(objective: objective, bound: bound), provenOptimal: proven && objective.isFinite,
                            exactStopped: exact && !proven && objective.isFinite,
                            unreachedPopulation: SitingObjective.unreachedPopulation(instance, open: open))
    }

    /// Vertex substitution for p-center: swaps that bring a site nearer to the farthest cell,
    /// accepted while they lower (largest minutes, number of cells that far).
    static func centerInterchange(_ instance: SitingInstance, selected: [Int], deadline: Date?) -> [Int] {
        var open = SitingObjective.openMask(instance, selected: selected)
        func evaluate(_ open: [Bool], limit: (Double, Int)) -> (Double, Int)? {
            var worst = 0.0, count = 0
            for i in 0..<instance.cellCount {
                var d = Double.infinity
                for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] where open[Int(instance.rowSites[k])] {
                    d = instance.rowMinutes[k]
                    break
                }
                if d > worst { worst = d; count = 1 } else if d == worst { count += 1 }
                if worst > limit.0 || (worst == limit.0 && count >= limit.1) { return nil }
            }
            return (worst, count)
        }
        guard var current = evaluate(open, limit: (.infinity, Int.max)), current.0.isFinite else { return selected }
        while true {
            if let deadline, Date() >= deadline { break }
            let nearest = SitingObjective.nearestMinutes(instance, open: open)
            guard let farthest = nearest.firstIndex(of: current.0) else { break }
            let closer = (instance.rowStarts[farthest]..<instance.rowStarts[farthest + 1])
                .filter { instance.rowMinutes[$0] < current.0 }
                .map { Int(instance.rowSites[$0]) }
                .filter { instance.isSelectable[$0] && !open[$0] }
            let removable = (0..<instance.siteCount).filter { open[$0] && instance.isSelectable[$0] }
            var bestSwap: (Int, Int, (Double, Int))? = nil
            for j in closer {
                for r in removable {
                    open[r] = false
                    open[j] = true
                    if let value = evaluate(open, limit: bestSwap?.2 ?? current) { bestSwap = (j, r, value) }
                    open[j] = false
                    open[r] = true
                }
            }
            guard let (j, r, value) = bestSwap else { break }
            open[r] = false
            open[j] = true
            current = value
        }
        return (0..<instance.siteCount).filter { open[$0] && instance.isSelectable[$0] }
    }

    /// Fills a p-center cover up to p sites with the sites a p-median greedy adds next (they
    /// cannot make the largest minutes worse).
    static func padForCenter(threads: Int, _ sites: [Int], p: Int, instance: SitingInstance) -> [Int] {
        guard sites.count < p else { return sites }
        var search = LocalSearch(costs: AssignmentCosts.pmedian(instance, threads: threads), open: sites)
        search.greedy(count: p - sites.count)
        return search.selected
    }

    /// Adds the lowest-numbered unused selectable sites until there are `p` (a model whose
    /// objective no extra site can improve, e.g. MCLP with every coverable cell covered).
    static func pad(_ sites: [Int], to p: Int, instance: SitingInstance) -> [Int] {
        guard sites.count < p else { return sites.sorted() }
        var result = Set(sites)
        for j in 0..<instance.siteCount where instance.isSelectable[j] && result.count < p { result.insert(j) }
        return result.sorted()
    }
}
