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
/// Sums skip NaN terms like pandas does (a cell whose terms are all NaN gets 0). Each sum runs
/// over two fixed halves of the pair list (in parallel when `threads > 1`) added in order, so
/// the result does not depend on the thread count or on how the loader split the matrix.
public enum AccessMeasures {
    // MARK: - 2SFCA family

    /// `two_stage_fca(max_cost, weight_fn)`: `R_j = S_j / Σ P_i w(d_ij)` over the pairs within
    /// `maxMinutes` (inclusive; nil = every pair), then `A_i = Σ R_j w(d_ij)`.
    public static func twoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                   weight: DistanceWeight = .uniform, threads: Int = 2) -> [Double] {
        switch weight {
        case .uniform: return twoStage(input, maxMinutes, UniformWeight(), threads: threads)
        case .step(let w): return twoStage(input, maxMinutes, w, threads: threads)
        case .gaussian(let w): return twoStage(input, maxMinutes, w, threads: threads)
        case .gravity(let w): return twoStage(input, maxMinutes, w, threads: threads)
        }
    }

    /// `enhanced_two_stage_fca`: 2SFCA with a step weight (default {10: 1, 20: 0.68, 30: 0.22}).
    public static func enhancedTwoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                           steps: StepWeight = .enhancedDefault, threads: Int = 2) -> [Double] {
        twoStage(input, maxMinutes, steps, threads: threads)
    }

    /// Gaussian 2SFCA: 2SFCA with `exp(-d²/2σ²)`.
    public static func gaussianTwoStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                           sigmaMinutes: Double, threads: Int = 2) -> [Double] {
        twoStage(input, maxMinutes, GaussianWeight(sigmaMinutes: sigmaMinutes), threads: threads)
    }

    static func twoStage<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W,
                                               threads: Int = 2) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let population = input.population
        // Stage 1: demand in each site's catchment.
        let (demand, reached) = accumulate(input.pairs, keys: input.siteCount, byOrigin: false, threads: threads,
                                           DemandTerm(population: population, limit: limit, weight: weight))
        var ratio = [Double](repeating: .nan, count: input.siteCount)
        for j in 0..<input.siteCount where reached[j] { ratio[j] = input.supply(j) / demand[j] }
        // Stage 2: each cell sums the ratios of the sites it reaches.
        let ratios = ratio
        let (value, defined) = accumulate(input.pairs, keys: input.cellCount, byOrigin: true, threads: threads,
                                          RatioTerm(ratios: ratios, limit: limit, weight: weight))
        return undefinedWhereUntouched(value, defined)
    }

    static func undefinedWhereUntouched(_ values: [Double], _ touched: [Bool]) -> [Double] {
        var values = values
        for i in values.indices where !touched[i] { values[i] = .nan }
        return values
    }

    // MARK: - 3SFCA

    /// `three_stage_fca(max_cost, weight_fn)`: the selection weight
    /// `G_ij = W_ij / Σ_j' W_ij'` (over every listed pair of the cell, before `maxMinutes`)
    /// enters both stages as `P_i·W_ij·G_ij` and `R_j·W_ij·G_ij`.
    public static func threeStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                     steps: StepWeight = .threeStageDefault, threads: Int = 2) -> [Double] {
        threeStage(input, maxMinutes, steps, threads: threads)
    }

    /// 3SFCA with any weight function.
    public static func threeStageFCA(_ input: AccessInput, maxMinutes: Double? = nil,
                                     weight: DistanceWeight, threads: Int = 2) -> [Double] {
        switch weight {
        case .uniform: return threeStage(input, maxMinutes, UniformWeight(), threads: threads)
        case .step(let w): return threeStage(input, maxMinutes, w, threads: threads)
        case .gaussian(let w): return threeStage(input, maxMinutes, w, threads: threads)
        case .gravity(let w): return threeStage(input, maxMinutes, w, threads: threads)
        }
    }

    static func threeStage<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W,
                                                 threads: Int = 2) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let population = input.population
        let (weightSum, _) = accumulate(input.pairs, keys: input.cellCount, byOrigin: true, threads: threads,
                                        WeightTerm(weight: weight))
        let (demand, reached) = accumulate(input.pairs, keys: input.siteCount, byOrigin: false, threads: threads,
                                           SelectionTerm(values: population, byOrigin: true, weightSum: weightSum,
                                                         limit: limit, weight: weight))
        var ratio = [Double](repeating: .nan, count: input.siteCount)
        for j in 0..<input.siteCount where reached[j] { ratio[j] = input.supply(j) / demand[j] }
        let ratios = ratio
        let (value, defined) = accumulate(input.pairs, keys: input.cellCount, byOrigin: true, threads: threads,
                                          SelectionTerm(values: ratios, byOrigin: false, weightSum: weightSum,
                                                        limit: limit, weight: weight))
        return undefinedWhereUntouched(value, defined)
    }

    // MARK: - Weighted catchment

    /// `weighted_catchment(max_cost, weight_fn)`: `A_i = Σ S_j w(d_ij)` over the cell's pairs
    /// within `maxMinutes` to sites of the supply table; NaN when there is none.
    public static func weightedCatchment(_ input: AccessInput, maxMinutes: Double? = nil,
                                         weight: DistanceWeight = .uniform, threads: Int = 2) -> [Double] {
        switch weight {
        case .uniform: return catchment(input, maxMinutes, UniformWeight(), threads: threads)
        case .step(let w): return catchment(input, maxMinutes, w, threads: threads)
        case .gaussian(let w): return catchment(input, maxMinutes, w, threads: threads)
        case .gravity(let w): return catchment(input, maxMinutes, w, threads: threads)
        }
    }

    /// Gravity potential: the weighted catchment with `(max(d, minMinutes)/scale)^alpha`.
    public static func gravity(_ input: AccessInput, maxMinutes: Double? = nil, scaleMinutes: Double,
                               alpha: Double, minMinutes: Double = 0, threads: Int = 2) -> [Double] {
        catchment(input, maxMinutes, GravityWeight(scaleMinutes: scaleMinutes, alpha: alpha, minMinutes: minMinutes), threads: threads)
    }

    /// Cumulative opportunities: the capacity within `maxMinutes` (inclusive).
    public static func cumulative(_ input: AccessInput, maxMinutes: Double?, threads: Int = 2) -> [Double] {
        catchment(input, maxMinutes, UniformWeight(), threads: threads)
    }

    static func catchment<W: DistanceWeighting>(_ input: AccessInput, _ maxMinutes: Double?, _ weight: W,
                                                threads: Int = 2) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let (value, defined) = accumulate(input.pairs, keys: input.cellCount, byOrigin: true, threads: threads,
                                          CatchmentTerm(capacity: input.capacity, limit: limit, weight: weight))
        return undefinedWhereUntouched(value, defined)
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
    public static func fcaRatio(_ input: AccessInput, neighbors: TravelPairs, maxMinutes: Double? = nil,
                                threads: Int = 2) -> [Double] {
        let limit = maxMinutes ?? .infinity
        let population = input.population
        let (demand, defined) = accumulate(neighbors, keys: input.cellCount, byOrigin: true, threads: threads,
                                           NeighborPopulationTerm(population: population, limit: limit))
        let (supply, _) = accumulate(input.pairs, keys: input.cellCount, byOrigin: true, threads: threads,
                                     CatchmentTerm(capacity: input.capacity, limit: limit, weight: UniformWeight()))
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
