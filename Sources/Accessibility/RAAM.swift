#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

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
    /// stays undefined, as in PySAL. Cells outside the rows are NaN. Each cycle runs the two
    /// halves of the rows on up to `threads` threads; the result does not depend on it.
    public static func raam(_ input: AccessInput, parameters: RAAMParameters = RAAMParameters(),
                            threads: Int = 2) -> [Double] {
        let layout = RAAMLayout(input)
        let rows = layout.rowDemand.count, columns = layout.columnSupply.count
        var result = [Double](repeating: .nan, count: input.cellCount)
        guard rows > 0 else { return result }
        let rho = parameters.rho ?? raamDefaultRho(input)
        let s = layout.columnSupply.map { $0 * rho }
        let start = raamRowStarts(input, layout)
        let state = RAAMState(rows: rows, columns: columns, start: start, supply: s, demand: layout.rowDemand)
        withExtendedLifetime(state) {
            raamFillEntries(state, input, layout, start: start, tau: parameters.tauMinutes)
            raamStartAssignment(state, start: start, demand: layout.rowDemand)
        }
        raamCycles(state, parameters: parameters, threads: threads, entries: start[rows])
        // Cost of each row: the last cycle's total cost weighted by the final assignment.
        withExtendedLifetime(state) {
            for r in 0..<rows where start[r] < start[r + 1] {
                var weighted = 0.0, total = state.phantom[r]
                for e in start[r]..<start[r + 1] {
                    weighted += state.cost[e] * state.assignmentBuffer[e]
                    total += state.assignmentBuffer[e]
                }
                result[layout.rowCell[r]] = weighted / total
            }
        }
        return result
    }

    /// PySAL's default congestion scale: Σ population / Σ capacity over P > 0 and S > 0.
    static func raamDefaultRho(_ input: AccessInput) -> Double {
        var demand = 0.0, supply = 0.0
        for p in input.population where p > 0 { demand += p }
        for s in input.capacity where s > 0 { supply += s }
        return demand / supply
    }

    /// Offsets of each row's unmasked entries (column, travel in units of tau).
    static func raamRowStarts(_ input: AccessInput, _ layout: RAAMLayout) -> [Int] {
        let rows = layout.rowDemand.count
        var start = [Int](repeating: 0, count: rows + 1)
        input.pairs.forEach { i, j, _ in
            if layout.row[i] >= 0, layout.column[j] >= 0 { start[layout.row[i] + 1] += 1 }
        }
        for r in 0..<rows { start[r + 1] += start[r] }
        return start
    }

    /// Each row's entries in file order, then sorted by column (insertion sort: linear when the
    /// matrix already lists each origin's sites in table order).
    static func raamFillEntries(_ state: RAAMState, _ input: AccessInput, _ layout: RAAMLayout,
                                start: [Int], tau: Double) {
        var fill = start
        let entryColumn = state.entryColumn, travel = state.travel
        input.pairs.forEach { i, j, minutes in
            let r = layout.row[i], c = layout.column[j]
            guard r >= 0, c >= 0 else { return }
            entryColumn[fill[r]] = Int32(c)
            travel[fill[r]] = minutes / tau
            fill[r] += 1
        }
        for r in 0..<layout.rowDemand.count where start[r + 1] - start[r] > 1 {
            for e in (start[r] + 1)..<start[r + 1] {
                let c = entryColumn[e], t = travel[e]
                var k = e
                while k > start[r], entryColumn[k - 1] > c {
                    entryColumn[k] = entryColumn[k - 1]
                    travel[k] = travel[k - 1]
                    k -= 1
                }
                entryColumn[k] = c
                travel[k] = t
            }
        }
    }

    /// Start: all demand on the quickest site (first on ties); a row without entries puts it on
    /// column 0, where it is masked out of every choice but still counts as load.
    static func raamStartAssignment(_ state: RAAMState, start: [Int], demand: [Double]) {
        for r in 0..<demand.count {
            guard start[r] < start[r + 1] else { state.phantom[r] = demand[r]; continue }
            var best = start[r]
            for e in start[r]..<start[r + 1] where state.travel[e] < state.travel[best] { best = e }
            state.assignmentBuffer[best] = demand[r]
        }
    }

    /// The cycles. Rows are cut into two fixed halves: each half's work is independent within a
    /// cycle, and the column sums of the halves are added in order, so one thread or two give
    /// the same bits.
    static func raamCycles(_ state: RAAMState, parameters: RAAMParameters, threads: Int, entries: Int) {
        let rows = state.rows
        let halves = [0..<rows / 2, rows / 2..<rows]
        func inHalves(_ body: @Sendable (Range<Int>, Int) -> Void) {
            if threads > 1, entries >= 1 << 14 {
                DispatchQueue.concurrentPerform(iterations: halves.count) { body(halves[$0], $0) }
            } else {
                for h in halves.indices { body(halves[h], h) }
            }
        }
        for cycle in 0..<parameters.maxCycles {
            // Load of each site: column sums of the assignment, half by half.
            inHalves { range, half in state.columnSums(of: range, into: half, delta: false) }
            state.combineHalves(into: state.load)
            inHalves { range, _ in state.costs(of: range) }
            let stepSize = Swift.max(parameters.initialStep * pow(0.5, Double(cycle) / Double(parameters.halfLifeCycles)),
                                     parameters.minStep)
            inHalves { range, _ in state.moves(of: range, stepSize: stepSize) }
            if cycle < parameters.limitInitialCycles {
                // Scale the moves towards each site down to its supply, rounding half to even.
                inHalves { range, half in state.columnSums(of: range, into: half, delta: true) }
                state.combineHalves(into: state.incoming)
                inHalves { range, _ in state.scaleMoves(of: range) }
            }
            inHalves { range, _ in state.apply(range) }
        }
    }
}

/// RAAM's rows (cells with population > 0 and a listed pair) and columns (sites with capacity
/// > 0 that are a listed destination), in table order; -1 for a cell or site left out.
struct RAAMLayout {
    var row: [Int]
    var rowDemand: [Double] = []
    var rowCell: [Int] = []
    var column: [Int]
    var columnSupply: [Double] = []

    init(_ input: AccessInput) {
        let cells = input.cellCount
        var hasPair = [Bool](repeating: false, count: cells)
        var isDestination = [Bool](repeating: false, count: input.siteCount)
        input.pairs.forEach { i, j, _ in hasPair[i] = true; isDestination[j] = true }
        column = [Int](repeating: -1, count: input.siteCount)
        for j in 0..<input.capacity.count where input.capacity[j] > 0 && isDestination[j] {
            column[j] = columnSupply.count
            columnSupply.append(input.capacity[j])
        }
        row = [Int](repeating: -1, count: cells)
        for i in 0..<cells where input.population[i] > 0 && hasPair[i] {
            row[i] = rowDemand.count
            rowDemand.append(input.population[i])
            rowCell.append(i)
        }
    }
}

/// RAAM's arrays during the cycles, shared by the two halves of the rows (each half writes only
/// its own rows' entries and its own partial column sums).
final class RAAMState: @unchecked Sendable {
    let rows: Int, columns: Int
    let start: UnsafeMutableBufferPointer<Int>
    let entryColumn: UnsafeMutableBufferPointer<Int32>
    let travel: UnsafeMutableBufferPointer<Double>
    let supply: UnsafeMutableBufferPointer<Double>
    let demand: UnsafeMutableBufferPointer<Double>
    let assignmentBuffer: UnsafeMutableBufferPointer<Double>
    let phantom: UnsafeMutableBufferPointer<Double>
    let cost: UnsafeMutableBufferPointer<Double>
    let lowEntry: UnsafeMutableBufferPointer<Int>
    let highEntry: UnsafeMutableBufferPointer<Int>
    let delta: UnsafeMutableBufferPointer<Double>
    let load: UnsafeMutableBufferPointer<Double>
    let incoming: UnsafeMutableBufferPointer<Double>
    /// Column sums of each half of the rows.
    let partial: [UnsafeMutableBufferPointer<Double>]

    /// Buffers for `start[rows]` entries; the caller fills `entryColumn`, `travel`, the initial
    /// `assignmentBuffer` and `phantom`.
    init(rows: Int, columns: Int, start: [Int], supply: [Double], demand: [Double]) {
        func copy<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(values.count, 1))
            _ = buffer.initialize(from: values)
            return buffer
        }
        func filled<T>(_ value: T, _ count: Int) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(count, 1))
            buffer.initialize(repeating: value)
            return buffer
        }
        let entries = start[rows]
        self.rows = rows
        self.columns = columns
        self.start = copy(start)
        entryColumn = filled(Int32(0), entries)
        travel = filled(0.0, entries)
        self.supply = copy(supply)
        self.demand = copy(demand)
        assignmentBuffer = filled(0.0, entries)
        phantom = filled(0.0, rows)
        cost = filled(0.0, entries)
        lowEntry = filled(-1, rows)
        highEntry = filled(-1, rows)
        delta = filled(0.0, rows)
        load = filled(0.0, columns)
        incoming = filled(0.0, columns)
        partial = [filled(0.0, columns), filled(0.0, columns)]
    }

    deinit {
        for buffer in [travel, supply, demand, assignmentBuffer, phantom, cost, delta, load, incoming] + partial {
            buffer.deallocate()
        }
        for buffer in [start, lowEntry, highEntry] { buffer.deallocate() }
        entryColumn.deallocate()
    }


    /// Per half: the column sums of the assignment (with the phantom load of rows without
    /// entries on column 0), or of the moves towards each row's cheapest site.
    func columnSums(of range: Range<Int>, into half: Int, delta moves: Bool) {
        let sums = partial[half]
        for c in 0..<columns { sums[c] = 0 }
        for r in range {
            if moves {
                if lowEntry[r] >= 0 { sums[Int(entryColumn[lowEntry[r]])] += delta[r] }
            } else {
                if phantom[r] != 0, columns > 0 { sums[0] += phantom[r] }
                for e in start[r]..<start[r + 1] { sums[Int(entryColumn[e])] += assignmentBuffer[e] }
            }
        }
    }

    func combineHalves(into target: UnsafeMutableBufferPointer<Double>) {
        for c in 0..<columns { target[c] = partial[0][c] + partial[1][c] }
    }

    /// Total cost of each entry: congestion (load / scaled supply) plus travel.
    func costs(of range: Range<Int>) {
        for e in start[range.lowerBound]..<start[range.upperBound] {
            let c = Int(entryColumn[e])
            cost[e] = load[c] / supply[c] + travel[e]
        }
    }

    /// Each row's most and least costly sites and the demand it moves between them.
    func moves(of range: Range<Int>, stepSize: Double) {
        for r in range {
            lowEntry[r] = -1; highEntry[r] = -1; delta[r] = 0
            guard start[r] < start[r + 1] else { continue }
            var low = start[r], high = -1
            for e in start[r]..<start[r + 1] {
                if cost[e] < cost[low] { low = e }
                if assignmentBuffer[e] != 0, high < 0 || cost[e] > cost[high] { high = e }
            }
            if high < 0 { high = low } // cannot happen: the demand sits on some entry
            lowEntry[r] = low; highEntry[r] = high
            if low == high { continue }
            let cLow = Int(entryColumn[low]), cHigh = Int(entryColumn[high])
            let a = supply[cLow], b = supply[cHigh]
            let othersLow = load[cLow] - assignmentBuffer[low]
            let othersHigh = load[cHigh] - assignmentBuffer[high]
            let both = assignmentBuffer[low] + assignmentBuffer[high]
            let target = ((a * b) / (a + b)) * ((travel[high] - travel[low]) + (both + othersHigh) / b - othersLow / a)
            var d = Swift.min(target - assignmentBuffer[low], assignmentBuffer[high])
            d = Swift.min(d, stepSize * demand[r])
            delta[r] = d.rounded(.towardZero)
        }
    }

    func scaleMoves(of range: Range<Int>) {
        for r in range where lowEntry[r] >= 0 {
            let c = Int(entryColumn[lowEntry[r]])
            let factor = Swift.max(incoming[c] / supply[c], 1)
            delta[r] = (delta[r] / factor).rounded(.toNearestOrEven)
        }
    }

    func apply(_ range: Range<Int>) {
        for r in range where lowEntry[r] >= 0 && delta[r] != 0 {
            assignmentBuffer[lowEntry[r]] += delta[r]
            assignmentBuffer[highEntry[r]] -= delta[r]
        }
    }
}
