#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The parameters of PySAL's `raam` (Saxon & Snow's rational agent access model), with its
/// defaults.
public struct RAAMParameters: Sendable, Equatable {
    /// Minutes of travel that weigh as much as congestion at the mean demand/supply ratio.
    public var tauMinutes: Double = 60
    /// Congestion scale; nil = Σ population / Σ capacity (cells with P > 0, sites with S > 0).
    public var rho: Double? = nil
    public var maxCycles: Int = 150
    /// Share of a cell's demand that may move in the first cycle (PySAL's float `initial_step`).
    public var initialStep: Double = 0.2
    public var halfLifeCycles: Int = 50
    public var minStep: Double = 0.005
    /// Cycles during which the moves towards one site are scaled down to its supply.
    public var limitInitialCycles: Int = 20

    public init(tauMinutes: Double = 60) { self.tauMinutes = tauMinutes }
}

extension AccessMeasures {
    /// RAAM, step by step as PySAL's `raam.iterate_raam` does it (ACCESS_FORMULAS.md).
    ///
    /// Rows are the cells with population > 0 that have a listed pair, in table order; columns
    /// are the supply-table sites with capacity > 0 that are the destination of a listed pair,
    /// in table order (PySAL orders both by Python's string hash, which decides only exact
    /// ties). A cell whose pairs all lead elsewhere loads its demand on the first column and
    /// stays undefined, as in PySAL. Cells outside the rows are NaN.
    public static func raam(_ input: AccessInput, parameters: RAAMParameters = RAAMParameters()) -> [Double] {
        let cells = input.cellCount
        let supplied = input.capacity.count
        // Rows and columns.
        var hasPair = [Bool](repeating: false, count: cells)
        var isDestination = [Bool](repeating: false, count: input.siteCount)
        input.pairs.forEach { i, j, _ in hasPair[i] = true; isDestination[j] = true }
        var column = [Int](repeating: -1, count: input.siteCount)
        var columnSupply: [Double] = []
        for j in 0..<supplied where input.capacity[j] > 0 && isDestination[j] {
            column[j] = columnSupply.count
            columnSupply.append(input.capacity[j])
        }
        var row = [Int](repeating: -1, count: cells)
        var rowDemand: [Double] = []
        var rowCell: [Int] = []
        for i in 0..<cells where input.population[i] > 0 && hasPair[i] {
            row[i] = rowDemand.count
            rowDemand.append(input.population[i])
            rowCell.append(i)
        }
        let rows = rowDemand.count, columns = columnSupply.count
        var result = [Double](repeating: .nan, count: cells)
        guard rows > 0 else { return result }

        let rho = parameters.rho ?? {
            var demand = 0.0, supply = 0.0
            for p in input.population where p > 0 { demand += p }
            for s in input.capacity where s > 0 { supply += s }
            return demand / supply
        }()
        let s = columnSupply.map { $0 * rho }

        // Per row, its unmasked entries (column, travel in units of tau), by column order.
        var start = [Int](repeating: 0, count: rows + 1)
        input.pairs.forEach { i, j, _ in
            if row[i] >= 0, column[j] >= 0 { start[row[i] + 1] += 1 }
        }
        for r in 0..<rows { start[r + 1] += start[r] }
        let entries = start[rows]
        var entryColumn = [Int](repeating: 0, count: entries)
        var travel = [Double](repeating: 0, count: entries)
        do {
            // Bucket by column first, then by row: each row's entries come out in column order.
            var byColumn = [[(Int, Double)]](repeating: [], count: columns)
            input.pairs.forEach { i, j, minutes in
                if row[i] >= 0, column[j] >= 0 { byColumn[column[j]].append((row[i], minutes)) }
            }
            var fill = start
            for c in 0..<columns {
                for (r, minutes) in byColumn[c] {
                    entryColumn[fill[r]] = c
                    travel[fill[r]] = minutes / parameters.tauMinutes
                    fill[r] += 1
                }
            }
        }

        // Start: all demand on the quickest site (first on ties); a row without entries puts it
        // on column 0, where it is masked out of every choice but still counts as load.
        var assignment = [Double](repeating: 0, count: entries)
        var phantom = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            guard start[r] < start[r + 1] else { phantom[r] = rowDemand[r]; continue }
            var best = start[r]
            for e in start[r]..<start[r + 1] where travel[e] < travel[best] { best = e }
            assignment[best] = rowDemand[r]
        }

        var load = [Double](repeating: 0, count: columns)
        var totalCost = [Double](repeating: 0, count: entries)
        var lowEntry = [Int](repeating: -1, count: rows)
        var highEntry = [Int](repeating: -1, count: rows)
        var delta = [Double](repeating: 0, count: rows)
        for cycle in 0..<parameters.maxCycles {
            // Load of each site: column sums of the assignment.
            for c in 0..<columns { load[c] = 0 }
            for r in 0..<rows {
                if phantom[r] != 0, columns > 0 { load[0] += phantom[r] }
                for e in start[r]..<start[r + 1] { load[entryColumn[e]] += assignment[e] }
            }
            for e in 0..<entries { totalCost[e] = load[entryColumn[e]] / s[entryColumn[e]] + travel[e] }

            let stepSize = Swift.max(parameters.initialStep * pow(0.5, Double(cycle) / Double(parameters.halfLifeCycles)),
                                     parameters.minStep)
            for r in 0..<rows {
                lowEntry[r] = -1; highEntry[r] = -1; delta[r] = 0
                guard start[r] < start[r + 1] else { continue }
                var low = start[r], high = -1
                for e in start[r]..<start[r + 1] {
                    if totalCost[e] < totalCost[low] { low = e }
                    if assignment[e] != 0, high < 0 || totalCost[e] > totalCost[high] { high = e }
                }
                if high < 0 { high = low } // cannot happen: the demand sits on some entry
                lowEntry[r] = low; highEntry[r] = high
                if low == high { continue }
                let a = s[entryColumn[low]], b = s[entryColumn[high]]
                let othersLow = load[entryColumn[low]] - assignment[low]
                let othersHigh = load[entryColumn[high]] - assignment[high]
                let both = assignment[low] + assignment[high]
                let target = ((a * b) / (a + b)) * ((travel[high] - travel[low]) + (both + othersHigh) / b - othersLow / a)
                var d = Swift.min(target - assignment[low], assignment[high])
                d = Swift.min(d, stepSize * rowDemand[r])
                delta[r] = d.rounded(.towardZero)
            }
            if cycle < parameters.limitInitialCycles {
                // Scale the moves towards each site down to its supply, rounding half to even.
                var incoming = [Double](repeating: 0, count: columns)
                for r in 0..<rows where lowEntry[r] >= 0 { incoming[entryColumn[lowEntry[r]]] += delta[r] }
                for r in 0..<rows where lowEntry[r] >= 0 {
                    let c = entryColumn[lowEntry[r]]
                    let factor = Swift.max(incoming[c] / s[c], 1)
                    delta[r] = (delta[r] / factor).rounded(.toNearestOrEven)
                }
            }
            for r in 0..<rows where lowEntry[r] >= 0 && delta[r] != 0 {
                assignment[lowEntry[r]] += delta[r]
                assignment[highEntry[r]] -= delta[r]
            }
        }
        // Cost of each row: the last cycle's total cost weighted by the final assignment.
        for r in 0..<rows where start[r] < start[r + 1] {
            var weighted = 0.0, total = phantom[r]
            for e in start[r]..<start[r + 1] {
                weighted += totalCost[e] * assignment[e]
                total += assignment[e]
            }
            result[rowCell[r]] = weighted / total
        }
        return result
    }
}
