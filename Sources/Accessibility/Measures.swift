/// What every measure reads: the cells (population), the sites (capacity) and the listed
/// cell → site travel minutes.
///
/// Sites `0..<capacity.count` are the rows of the supply table; sites
/// `capacity.count..<siteCount` appear only as destinations of the matrix. The 2SFCA family
/// treats those as capacity 0 (PySAL's `fillna(0)`); the weighted catchment, `nearest` and
/// FCA drop them (PySAL's inner merge), and RAAM leaves them out.
public struct AccessInput: Sendable {
    public var population: [Double]
    public var capacity: [Double]
    public var siteCount: Int
    public var pairs: TravelPairs

    public init(population: [Double], capacity: [Double], siteCount: Int? = nil, pairs: TravelPairs) {
        self.population = population
        self.capacity = capacity
        self.siteCount = Swift.max(siteCount ?? capacity.count, capacity.count)
        self.pairs = pairs
    }

    public var cellCount: Int { population.count }

    /// Capacity of site `j`, 0 for a site that is not in the supply table.
    @inlinable func supply(_ j: Int) -> Double { j < capacity.count ? capacity[j] : 0 }
}

/// The accessibility measures of PySAL `access`, exactly as it defines them (see
/// ACCESS_FORMULAS.md): one value per cell, NaN where PySAL leaves the cell undefined,
/// `+inf` where it divides a positive supply by zero demand.
///
/// Sums skip NaN terms like pandas does (a cell whose terms are all NaN gets 0). Every sum runs
/// in file order on one thread, so the result does not depend on how many threads loaded
/// the matrix.
public enum AccessMeasures {
    // MARK: - 2SFCA family

    /// `two_stage_fca(max_cost, weight_fn)`: `R_j = S_j / Σ P_i w(d_ij)` over the pairs within
    /// `maxMinutes` (inclusive; nil = every pair), then `A_i = Σ R_j w(d_ij)`.
    public static func twoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                   weight: DistanceWeight = .uniform) -> [Double] {
        switch weight {
        case .uniform: return twoStage(input, maxMinutes, UniformWeight())
        case .step(let w): return twoStage(input, maxMinutes, w)
        case .gaussian(let w): return twoStage(input, maxMinutes, w)
        case .gravity(let w): return twoStage(input, maxMinutes, w)
        }
    }

    /// `enhanced_two_stage_fca`: 2SFCA with a step weight (default {10: 1, 20: 0.68, 30: 0.22}).
    public static func enhancedTwoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                           steps: StepWeight = .enhancedDefault) -> [Double] {
        twoStage(input, maxMinutes, steps)
    }

    /// Gaussian 2SFCA: 2SFCA with `exp(-d²/2σ²)`.
    public static func gaussianTwoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                           sigmaMinutes: Double) -> [Double] {
        twoStage(input, maxMinutes, GaussianWeight(sigmaMinutes: sigmaMinutes))
    }

    @inline(__always)
    static func twoStage<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let population = input.population
        // Stage 1: demand in each site's catchment.
        var demand = [Double](repeating: 0, count: input.siteCount)
        var reached = [Bool](repeating: false, count: input.siteCount)
        demand.withUnsafeMutableBufferPointer { demand in
            reached.withUnsafeMutableBufferPointer { reached in
                population.withUnsafeBufferPointer { pop in
                    forEachSegment(input.pairs) { o, d, m in
                        for k in 0..<m.count where m[k] <= limit {
                            let j = Int(d[k])
                            let term = pop[Int(o[k])] * weight.weight(m[k])
                            if !term.isNaN { demand[j] += term }
                            reached[j] = true
                        }
                    }
                }
            }
        }
        var ratio = [Double](repeating: .nan, count: input.siteCount)
        for j in 0..<input.siteCount where reached[j] { ratio[j] = input.supply(j) / demand[j] }
        // Stage 2: each cell sums the ratios of the sites it reaches.
        return sumOverCells(input, limit) { j, minutes in ratio[j] * weight.weight(minutes) }
    }

    // MARK: - 3SFCA

    /// `three_stage_fca(max_cost, weight_fn)`: the selection weight
    /// `G_ij = W_ij / Σ_j' W_ij'` (over every listed pair of the cell, before `maxMinutes`)
    /// enters both stages as `P_i·W_ij·G_ij` and `R_j·W_ij·G_ij`.
    public static func threeStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                     steps: StepWeight = .threeStageDefault) -> [Double] {
        threeStage(input, maxMinutes, steps)
    }

    /// 3SFCA with any weight function.
    public static func threeStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                     weight: DistanceWeight) -> [Double] {
        switch weight {
        case .uniform: return threeStage(input, maxMinutes, UniformWeight())
        case .step(let w): return threeStage(input, maxMinutes, w)
        case .gaussian(let w): return threeStage(input, maxMinutes, w)
        case .gravity(let w): return threeStage(input, maxMinutes, w)
        }
    }

    static func threeStage<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let population = input.population
        var weightSum = [Double](repeating: 0, count: input.cellCount)
        weightSum.withUnsafeMutableBufferPointer { sum in
            forEachSegment(input.pairs) { o, _, m in
                for k in 0..<m.count {
                    let w = weight.weight(m[k])
                    if !w.isNaN { sum[Int(o[k])] += w }
                }
            }
        }
        var demand = [Double](repeating: 0, count: input.siteCount)
        var reached = [Bool](repeating: false, count: input.siteCount)
        demand.withUnsafeMutableBufferPointer { demand in
            reached.withUnsafeMutableBufferPointer { reached in
                population.withUnsafeBufferPointer { pop in
                    weightSum.withUnsafeBufferPointer { sum in
                        forEachSegment(input.pairs) { o, d, m in
                            for k in 0..<m.count where m[k] <= limit {
                                let i = Int(o[k]), j = Int(d[k])
                                let w = weight.weight(m[k])
                                let term = pop[i] * w * (w / sum[i])
                                if !term.isNaN { demand[j] += term }
                                reached[j] = true
                            }
                        }
                    }
                }
            }
        }
        var ratio = [Double](repeating: .nan, count: input.siteCount)
        for j in 0..<input.siteCount where reached[j] { ratio[j] = input.supply(j) / demand[j] }
        return weightSum.withUnsafeBufferPointer { sum in
            sumOverCellsWithOrigin(input, limit) { i, j, minutes in
                let w = weight.weight(minutes)
                return ratio[j] * w * (w / sum[i])
            }
        }
    }

    // MARK: - Weighted catchment

    /// `weighted_catchment(max_cost, weight_fn)`: `A_i = Σ S_j w(d_ij)` over the cell's pairs
    /// within `maxMinutes` to sites of the supply table; NaN when there is none.
    public static func weightedCatchment(_ input: AccessInput, maxMinutes: Double? = nil,
                                         weight: DistanceWeight = .uniform) -> [Double] {
        switch weight {
        case .uniform: return catchment(input, maxMinutes, UniformWeight())
        case .step(let w): return catchment(input, maxMinutes, w)
        case .gaussian(let w): return catchment(input, maxMinutes, w)
        case .gravity(let w): return catchment(input, maxMinutes, w)
        }
    }

    /// Gravity potential: the weighted catchment with `(max(d, minMinutes)/scale)^alpha`.
    public static func gravity(_ input: AccessInput, maxMinutes: Double? = nil, scaleMinutes: Double,
                               alpha: Double, minMinutes: Double = 0) -> [Double] {
        catchment(input, maxMinutes, GravityWeight(scaleMinutes: scaleMinutes, alpha: alpha, minMinutes: minMinutes))
    }

    /// Cumulative opportunities: the capacity within `maxMinutes` (inclusive).
    public static func cumulative(_ input: AccessInput, maxMinutes: Double?) -> [Double] {
        catchment(input, maxMinutes, UniformWeight())
    }

    static func catchment<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let supplied = input.capacity.count
        return input.capacity.withUnsafeBufferPointer { capacity in
            sumOverCells(input, limit, skipping: supplied) { j, minutes in capacity[j] * weight.weight(minutes) }
        }
    }

    // MARK: - Nearest

    /// Minutes to the nearest site of the supply table (any capacity) among the cell's listed
    /// pairs within `maxMinutes`; NaN when there is none. Not a PySAL measure.
    public static func nearestMinutes(_ input: AccessInput, maxMinutes: Double? = nil) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let supplied = input.capacity.count
        var best = [Double](repeating: .nan, count: input.cellCount)
        best.withUnsafeMutableBufferPointer { best in
            forEachSegment(input.pairs) { o, d, m in
                for k in 0..<m.count where m[k] <= limit && Int(d[k]) < supplied {
                    let i = Int(o[k])
                    if best[i].isNaN || m[k] < best[i] { best[i] = m[k] }
                }
            }
        }
        return best
    }

    // MARK: - FCA ratio

    /// `fca_ratio(max_cost)`: capacity of the supply-table sites within `maxMinutes` of the cell
    /// (0 when none) divided by the population of the cells within `maxMinutes` of it by the
    /// cell → cell `neighbors` table (the self pair counts only when listed); NaN when the cell
    /// has no such neighbour pair. No weight function (PySAL's `Access.fca_ratio` passes none).
    public static func fcaRatio(_ input: AccessInput, neighbors: TravelPairs, maxMinutes: Double? = nil) -> [Double] {
        let limit = maxMinutes ?? .infinity
        var demand = [Double](repeating: 0, count: input.cellCount)
        var defined = [Bool](repeating: false, count: input.cellCount)
        let population = input.population
        demand.withUnsafeMutableBufferPointer { demand in
            defined.withUnsafeMutableBufferPointer { defined in
                population.withUnsafeBufferPointer { pop in
                    forEachSegment(neighbors) { o, d, m in
                        for k in 0..<m.count where m[k] <= limit {
                            let i = Int(o[k])
                            demand[i] += pop[Int(d[k])]
                            defined[i] = true
                        }
                    }
                }
            }
        }
        var supply = [Double](repeating: 0, count: input.cellCount)
        let supplied = input.capacity.count
        supply.withUnsafeMutableBufferPointer { supply in
            input.capacity.withUnsafeBufferPointer { capacity in
                forEachSegment(input.pairs) { o, d, m in
                    for k in 0..<m.count where m[k] <= limit && Int(d[k]) < supplied {
                        supply[Int(o[k])] += capacity[Int(d[k])]
                    }
                }
            }
        }
        return (0..<input.cellCount).map { defined[$0] ? supply[$0] / demand[$0] : .nan }
    }

    // MARK: - Normalisation

    /// PySAL's `normalize=True`: `A_i / Ā` with `Ā = Σ' P_i A_i / Σ P_i` — the numerator skips NaN
    /// products, the denominator counts every cell's population.
    public static func normalized(_ values: [Double], population: [Double]) -> [Double] {
        precondition(values.count == population.count, "one value per cell")
        var weighted = 0.0, total = 0.0
        for i in values.indices {
            let term = population[i] * values[i]
            if !term.isNaN { weighted += term }
            total += population[i]
        }
        let mean = weighted / total
        return values.map { $0 / mean }
    }

    // MARK: - Kernels

    /// `Σ' term(j, minutes)` per cell over its pairs within `limit` to sites below `siteLimit`;
    /// NaN for a cell without such a pair.
    @inline(__always)
    static func sumOverCells(_ input: AccessInput, _ limit: Double, skipping siteLimit: Int = .max,
                             _ term: (Int, Double) -> Double) -> [Double] {
        sumOverCellsWithOrigin(input, limit, skipping: siteLimit) { _, j, m in term(j, m) }
    }

    @inline(__always)
    static func sumOverCellsWithOrigin(_ input: AccessInput, _ limit: Double, skipping siteLimit: Int = .max,
                                       _ term: (Int, Int, Double) -> Double) -> [Double] {
        var value = [Double](repeating: 0, count: input.cellCount)
        var defined = [Bool](repeating: false, count: input.cellCount)
        value.withUnsafeMutableBufferPointer { value in
            defined.withUnsafeMutableBufferPointer { defined in
                forEachSegment(input.pairs) { o, d, m in
                    for k in 0..<m.count where m[k] <= limit && Int(d[k]) < siteLimit {
                        let i = Int(o[k])
                        let t = term(i, Int(d[k]), m[k])
                        if !t.isNaN { value[i] += t }
                        defined[i] = true
                    }
                }
            }
        }
        for i in value.indices where !defined[i] { value[i] = .nan }
        return value
    }

    @inline(__always)
    static func forEachSegment(_ pairs: TravelPairs,
                               _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>) -> Void) {
        for segment in pairs.segments {
            segment.origins.withUnsafeBufferPointer { o in
                segment.destinations.withUnsafeBufferPointer { d in
                    segment.minutes.withUnsafeBufferPointer { m in body(o, d, m) }
                }
            }
        }
    }
}
