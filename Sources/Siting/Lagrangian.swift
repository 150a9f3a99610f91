import Foundation

extension LocalSearch {
    /// A Lagrangian lower bound on the least total (assignment constraints relaxed, subgradient
    /// steps from multipliers = the current assignment costs). `upper` is a known total; the
    /// steps stop at `targetGap` (relative), after `maxIterations`, or when the step size has
    /// shrunk without progress.
    /// Returns the best bound and its multipliers.
    ///
    /// Every few steps the relaxed solution's sites are priced as a real solution (a Lagrangian
    /// heuristic); the best of them is returned in `primal` when it beats `upper`.
    func lagrangianBound(p: Int, upper initialUpper: Double, maxIterations: Int = 300, targetGap: Double = 1e-10,
                         steps: StepRule = .plain, deadline: Date? = nil)
        -> LagrangianResult {
        var upper = initialUpper
        var primal: [Int]? = nil
        let n = costs.weights.count
        let sites = costs.siteCount
        let weights = costs.weights
        let missing = costs.missingCosts
        // Start from the current assignment costs.
        var lambda = (0..<n).map { weights[$0] * first[$0] }
        // Steps are deflected (half the previous direction added), which damps the zig-zag of
        // plain subgradients; `steps` says how they are scaled and shrink (see `StepRule`).
        let weightedSteps = steps != .plain
        let halveAfter = steps == .scaledGrowing ? 5 : 15
        let deflect = 0.5
        var direction = [Double](repeating: 0, count: n)
        var best = -Double.infinity
        var bestLambda = lambda
        var bestRho = [Double](repeating: 0, count: sites)
        var theta = steps.firstFactor
        var sinceImproved = 0
        let chunks = costs.termChunks
        var gradient = [Double](repeating: 0, count: n)
        var relaxedOpen = [Bool](repeating: false, count: sites)
        for iteration in 0..<maxIterations {
            if let deadline, Date() >= deadline { break }
            var value = 0.0
            for i in 0..<n { value += min(lambda[i], weights[i] * missing[i]) }
            // ρ_j = Σ_i min(0, w_i c_ij − λ_i): rows are sorted by cost, so only each row's
            // prefix with w c < λ contributes.
            let rho = costs.siteTerms(lambda: lambda, chunks: chunks)
            for j in costs.fixed { value += rho[Int(j)] }
            let order = costs.sitesByTerm(rho)
            let chosen = order.prefix(p)
            for j in chosen { value += rho[j] }
            if iteration % 10 == 0 {
                let candidate = LocalSearch(costs: costs, open: Array(chosen))
                let total = candidate.total
                if total < upper { upper = total; primal = candidate.selected }
            }
            if best == -.infinity || value > best + 1e-12 * max(1, abs(best)) {
                best = value
                bestLambda = lambda
                bestRho = rho
                sinceImproved = 0
                if steps == .scaledGrowing { theta = min(2, theta * 1.05) }
            } else {
                sinceImproved += 1
                if sinceImproved >= halveAfter { theta /= 2; sinceImproved = 0 }
            }
            if upper - best <= targetGap * max(1, abs(upper)) || theta < 1e-3 { break }
            // Subgradient of the relaxed "each cell assigned once" rows.
            for j in 0..<sites { relaxedOpen[j] = false }
            for j in chosen { relaxedOpen[j] = true }
            for j in costs.fixed { relaxedOpen[Int(j)] = true }
            costs.relaxedSubgradient(lambda: lambda, open: relaxedOpen, into: &gradient)
            for i in 0..<n { direction[i] = gradient[i] + deflect * direction[i] }
            var norm = 0.0
            for i in 0..<n { norm += (weightedSteps ? weights[i] : 1) * direction[i] * direction[i] }
            guard norm > 0 else { break } // the relaxed solution is feasible: bound = its value
            let step = theta * max(upper - value, 1e-9 * max(1, abs(upper))) / norm
            for i in 0..<n { lambda[i] += step * (weightedSteps ? weights[i] : 1) * direction[i] }
        }
        return LagrangianResult(bound: best, multipliers: bestLambda, siteTerms: bestRho, primal: primal, primalTotal: upper)
    }

    /// The row-prefix form of `AssignmentCosts.relaxedSubgradient` (each row's sites below its λ scanned for
    /// open ones): the plain reference the column form is tested against.
    func relaxedSubgradientByRows(lambda: [Double], relaxedOpen: [Bool]) -> [Double] {
        let weights = costs.weights, rowStarts = costs.rowStarts, rowSites = costs.rowSites, rowCosts = costs.rowCosts
        return (0..<weights.count).map { i in
            let w = weights[i], l = lambda[i]
            var g: Double = w * costs.missingCosts[i] < l ? 0 : 1
            for k in rowStarts[i]..<rowStarts[i + 1] {
                if w * rowCosts[k] - l >= 0 { break }
                if relaxedOpen[Int(rowSites[k])] { g -= 1 }
            }
            return g
        }
    }

    /// `AssignmentCosts.relaxedSubgradient`, for the tests.
    func relaxedSubgradientByColumns(lambda: [Double], relaxedOpen: [Bool]) -> [Double] {
        var gradient = [Double](repeating: 0, count: costs.weights.count)
        costs.relaxedSubgradient(lambda: lambda, open: relaxedOpen, into: &gradient)
        return gradient
    }
}

/// How the Lagrangian's subgradient steps are scaled and shrink.
enum StepRule {
    /// Every row's λ moves by the same step; the factor starts at 2 and halves after 15 steps
    /// without a new best (the twin model; p-median with `--exact`, whose candidate closing was
    /// tuned with it).
    case plain
    /// Steps scaled by each row's weight, so that every row's λ / w (its radius in minutes)
    /// moves alike: unscaled steps move a heavy row's little and a light row's much. The
    /// factor starts at 1 and halves after 15 steps without a new best (the p-median heuristic:
    /// on a generated city of 20,000 cells × 800 candidates, p = 20, its relaxed solution
    /// polished by the swap search totals 76.93 M against 78.62 M from the plain rule's).
    case scaled
    /// Scaled; the factor starts at 0.2, grows by 5 % with each new best and halves after 5
    /// steps without one (MCLP: on its tests this closes gaps the plain rule leaves).
    case scaledGrowing

    var firstFactor: Double {
        switch self {
        case .plain: 2
        case .scaled: 1
        case .scaledGrowing: 0.2
        }
    }
}

/// A Lagrangian bound with its multipliers (per cell), site terms ρ_j, and the best relaxed
/// solution priced as a real one when it beat the given upper bound.
struct LagrangianResult {
    var bound: Double
    var multipliers: [Double]
    var siteTerms: [Double]
    var primal: [Int]?
    var primalTotal: Double
}
