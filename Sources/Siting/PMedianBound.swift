import Foundation

/// The p-median's Lagrangian bound by subgradient optimisation, with the steps made cheap enough
/// to take many.
///
/// Relaxing "each cell assigned once" with multipliers λ gives, for ANY λ, the lower bound
/// `L(λ) = Σ_i min(λ_i, w_i M_i) + Σ_fixed ρ_j + (the p least ρ_j of the candidates)`, with the site
/// terms `ρ_j = Σ_i min(0, w_i c_ij − λ_i)` (M_i: the missing-pair cost). Its maximum over λ is the
/// LP relaxation's value. The steps are Polyak's, `θ (target − L) / ‖g‖²` along the subgradient
/// deflected by 0.97 of the previous direction, with the best total found as the target; θ starts
/// at 1 and halves after `stall` (30) steps without a new best bound. The heavy deflection makes
/// the direction nearly an average of the recent subgradients (as the volume algorithm's is),
/// which damps the zig-zag between relaxed solutions that kept the bound far below the LP: in 400
/// steps, on `make-optimize-bench.py` cities with p = 20, 5,000 × 300 reaches 99.37 % of the LP
/// (HiGHS) instead of 98.42 % with half the direction and θ from 2, and 100,000 × 2,000 375.4 M
/// instead of 372.0 M (gap 5.15 → 4.27 %); 20,000 × 800 stays at 74.92 M.
///
/// Cheap steps: a row adds to ρ only for the sites it lists at a cost below its λ (rows are
/// sorted by cost, so each row's scan stops at its first site that far); the subgradient
/// `g_i = 1 − (missing cheaper than λ_i) − (open sites of the relaxed solution below λ_i)` is read
/// off the columns of the p + fixed open sites only. Rows are summed in a fixed number of chunks
/// merged in chunk order, so the bound does not depend on the threads.
struct PMedianBound {
    let costs: AssignmentCosts
    let p: Int
    /// Steps without a new best bound after which θ halves.
    var stall = 30
    /// The first θ; the steps stop once θ has halved below `smallestTheta`.
    var firstTheta = 1.0
    var smallestTheta = 1e-3
    /// The share of the previous direction added to each subgradient.
    var deflection = 0.97

    /// Up to `maxIterations` steps from multipliers `start` (or until `upper` is proven, the
    /// deadline passes or θ is spent); every `pricing` steps the relaxed solution is priced as a
    /// real one and the best of them returned in `primal` when it beats `upper`.
    func maximize(from start: [Double], upper initialUpper: Double, maxIterations: Int, targetGap: Double = 1e-10,
                  pricing: Int = 10, deadline: Date? = nil) -> LagrangianResult {
        let n = costs.weights.count
        var upper = initialUpper
        var primal: [Int]? = nil
        var lambda = start
        var direction = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: n)
        var best = -Double.infinity, bestLambda = lambda, bestRho = [Double](repeating: 0, count: costs.siteCount)
        var theta = firstTheta, sinceImproved = 0
        var lastPriced: Set<Int> = []
        let chunks = costs.termChunks
        for iteration in 0..<maxIterations {
            if let deadline, Date() >= deadline { break }
            let rho = costs.siteTerms(lambda: lambda, chunks: chunks)
            let chosen = relaxedSites(rho)
            let value = bound(lambda: lambda, rho: rho, chosen: chosen)
            if iteration % pricing == 0, Set(chosen) != lastPriced {
                lastPriced = Set(chosen)
                let total = LocalSearch(costs: costs, open: chosen).total
                if total < upper { upper = total; primal = chosen }
            }
            if best == -.infinity || value > best + 1e-12 * abs(best) {
                (best, bestLambda, bestRho, sinceImproved) = (value, lambda, rho, 0)
            } else {
                sinceImproved += 1
                if sinceImproved >= stall { theta /= 2; sinceImproved = 0 }
            }
            if upper - best <= targetGap * max(1, abs(upper)) || theta < smallestTheta { break }
            subgradient(lambda: lambda, open: chosen, into: &gradient)
            var norm = 0.0
            for i in 0..<n {
                direction[i] = gradient[i] + deflection * direction[i]
                norm += direction[i] * direction[i]
            }
            guard norm > 0 else { break } // the relaxed solution is feasible: the bound is its value
            let step = theta * max(upper - value, 1e-9 * max(1, abs(upper))) / norm
            for i in 0..<n { lambda[i] += step * direction[i] }
        }
        return LagrangianResult(bound: best, multipliers: bestLambda, siteTerms: bestRho, primal: primal, primalTotal: upper)
    }

    /// `L(λ)` for the site terms `rho` and the relaxed solution's new sites `chosen`.
    func bound(lambda: [Double], rho: [Double], chosen: [Int]) -> Double {
        let weights = costs.weights, missing = costs.missingCosts
        var value = 0.0
        for i in 0..<weights.count { value += min(lambda[i], weights[i] * missing[i]) }
        for j in costs.fixed { value += rho[Int(j)] }
        for j in chosen { value += rho[j] }
        return value
    }

    /// The relaxed solution's new sites: the p selectable sites of least ρ (ties by number).
    func relaxedSites(_ rho: [Double]) -> [Int] {
        Array(costs.sitesByTerm(rho).prefix(p))
    }

    /// The subgradient at `lambda` for the relaxed solution with new sites `open` (besides the
    /// fixed ones): `AssignmentCosts.relaxedSubgradient` with those sites open.
    func subgradient(lambda: [Double], open: [Int], into gradient: inout [Double]) {
        var isOpen = [Bool](repeating: false, count: costs.siteCount)
        for j in open { isOpen[j] = true }
        for j in costs.fixed { isOpen[Int(j)] = true }
        costs.relaxedSubgradient(lambda: lambda, open: isOpen, into: &gradient)
    }
}
