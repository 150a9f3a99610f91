import CCBC
import Foundation
import Model

/// A mixed-integer linear program: columns (variables) with bounds, objective coefficients and
/// integrality, and sparse rows `lower <= a·x <= upper`. A plain value: build it in Swift, hand
/// it to `MIPSolver.solve`; no C type leaks out.
public struct MIPProblem: Sendable {
    public enum Sense: Sendable { case minimize, maximize }

    /// One variable.
    public struct Column: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var objective: Double
        public var isInteger: Bool

        public init(lower: Double = 0, upper: Double = .infinity, objective: Double = 0, isInteger: Bool = false) {
            self.lower = lower
            self.upper = upper
            self.objective = objective
            self.isInteger = isInteger
        }

        /// A 0/1 variable.
        public static func binary(objective: Double = 0) -> Column {
            Column(lower: 0, upper: 1, objective: objective, isInteger: true)
        }
    }

    /// One constraint `lower <= Σ coefficients[k] · x[columns[k]] <= upper` (either side may be
    /// infinite).
    public struct Row: Sendable, Equatable {
        public var columns: [Int32]
        public var coefficients: [Double]
        public var lower: Double
        public var upper: Double

        public init(columns: [Int32], coefficients: [Double], lower: Double = -.infinity, upper: Double = .infinity) {
            self.columns = columns
            self.coefficients = coefficients
            self.lower = lower
            self.upper = upper
        }
    }

    public var sense: Sense
    public var columns: [Column] = []
    public var rows: [Row] = []

    public init(sense: Sense = .minimize) { self.sense = sense }

    /// Appends a column and returns its index.
    @discardableResult
    public mutating func addColumn(_ column: Column) -> Int32 {
        columns.append(column)
        return Int32(columns.count - 1)
    }

    /// Appends a row (`columns` and `coefficients` of equal length).
    public mutating func addRow(_ columns: [Int32], _ coefficients: [Double], lower: Double = -.infinity, upper: Double = .infinity) {
        rows.append(Row(columns: columns, coefficients: coefficients, lower: lower, upper: upper))
    }
}

/// How to solve: wall-clock and node limits, a starting solution, the optimality tolerance.
public struct MIPOptions: Sendable {
    /// Stop after this many seconds with the best solution found (nil: no limit).
    public var timeLimitSeconds: Double?
    /// Stop after this many branch-and-bound nodes (nil: no limit). Unlike a time limit, the
    /// same problem then always stops at the same point.
    public var maximumNodes: Int?
    /// A feasible assignment CBC starts from, as (column, value) pairs (others are 0).
    public var warmStart: [(column: Int32, value: Double)]
    /// Stop when (incumbent - bound) / |incumbent| is below this (0: prove the optimum).
    public var relativeGap: Double
    /// Stop when |incumbent - bound| is below this. A value below the objective's
    /// granularity (e.g. 0.5 for a count) saves proving ties.
    public var absoluteGap: Double

    public init(timeLimitSeconds: Double? = nil, maximumNodes: Int? = nil, warmStart: [(column: Int32, value: Double)] = [],
                relativeGap: Double = 0, absoluteGap: Double = 1e-9) {
        self.timeLimitSeconds = timeLimitSeconds
        self.maximumNodes = maximumNodes
        self.warmStart = warmStart
        self.relativeGap = relativeGap
        self.absoluteGap = absoluteGap
    }
}

/// What CBC concluded.
public enum MIPStatus: String, Sendable {
    /// The solution is proven optimal (within the requested gaps).
    case optimal
    /// No solution exists.
    case infeasible
    /// Stopped (time or node limit, or any end CBC does not classify as a proof) with a
    /// feasible solution that is not proven optimal.
    case stoppedWithSolution
    /// Stopped before finding any feasible solution.
    case stoppedWithoutSolution
    /// The LP relaxation is unbounded.
    case unbounded
    /// CBC gave up (numerical difficulties).
    case abandoned
}

/// The outcome of `MIPSolver.solve`.
public struct MIPSolution: Sendable {
    public var status: MIPStatus
    /// Objective of the best solution found, recomputed from its values (nil when none).
    public var objective: Double?
    /// Column values of the best solution (empty when none).
    public var values: [Double]
    /// The best proven bound on the optimum (a lower bound when minimizing, an upper bound
    /// when maximizing); nil when unknown.
    public var bestBound: Double?
    /// Branch-and-bound nodes explored.
    public var nodes: Int
}

/// Owns one `Cbc_Model*` and frees it exactly once.
final class CBCModel {
    let pointer: UnsafeMutableRawPointer

    init() throws {
        guard let model = Cbc_newModel() else {
            throw InputError(.internalError, file: "CBC", .file, "Cbc_newModel failed")
        }
        pointer = model
    }

    deinit { Cbc_deleteModel(pointer) }
}

/// Solves `MIPProblem`s with COIN-OR CBC through its C interface, its log silenced.
public enum MIPSolver {
    /// CBC's driver (CbcMain1) keeps process-wide state: one solve at a time.
    private static let lock = NSLock()

    /// The CBC library version, e.g. "2.10.8".
    public static var version: String { String(cString: Cbc_getVersion()) }

    /// Solves `problem`. Throws only when CBC cannot be set up (internal error); an
    /// infeasible or time-limited problem is a status, not an error.
    public static func solve(_ problem: MIPProblem, options: MIPOptions = MIPOptions()) throws -> MIPSolution {
        let model = try CBCModel()
        let m = model.pointer
        let columnCount = problem.columns.count
        // Rows to compressed sparse columns.
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for row in problem.rows {
            precondition(row.columns.count == row.coefficients.count, "row columns and coefficients differ in length")
            for c in row.columns { counts[Int(c) + 1] += 1 }
        }
        for c in 0..<columnCount { counts[c + 1] += counts[c] }
        var starts = counts.map { CoinBigIndex($0) }
        var fill = counts
        var indices = [Int32](repeating: 0, count: counts[columnCount])
        var values = [Double](repeating: 0, count: counts[columnCount])
        for (r, row) in problem.rows.enumerated() {
            for (k, c) in row.columns.enumerated() {
                let at = fill[Int(c)]
                indices[at] = Int32(r)
                values[at] = row.coefficients[k]
                fill[Int(c)] += 1
            }
        }
        let big = 1e30
        func clamp(_ x: Double) -> Double { x == .infinity ? big : (x == -.infinity ? -big : x) }
        var columnLower = problem.columns.map { clamp($0.lower) }
        var columnUpper = problem.columns.map { clamp($0.upper) }
        var objective = problem.columns.map(\.objective)
        var rowLower = problem.rows.map { clamp($0.lower) }
        var rowUpper = problem.rows.map { clamp($0.upper) }
        Cbc_loadProblem(m, Int32(columnCount), Int32(problem.rows.count), &starts, &indices, &values,
                        &columnLower, &columnUpper, &objective, &rowLower, &rowUpper)
        for (c, column) in problem.columns.enumerated() where column.isInteger {
            Cbc_setInteger(m, Int32(c))
        }
        Cbc_setObjSense(m, problem.sense == .minimize ? 1 : -1)
        Cbc_setLogLevel(m, 0)
        Cbc_setAllowableFractionGap(m, options.relativeGap)
        Cbc_setAllowableGap(m, options.absoluteGap)
        if let limit = options.timeLimitSeconds { Cbc_setMaximumSeconds(m, max(limit, 0.01)) }
        if let nodes = options.maximumNodes { Cbc_setMaximumNodes(m, Int32(clamping: max(nodes, 0))) }
        if !options.warmStart.isEmpty {
            var startColumns = options.warmStart.map(\.column)
            var startValues = options.warmStart.map(\.value)
            Cbc_setMIPStartI(m, Int32(startColumns.count), &startColumns, &startValues)
        }
        lock.lock()
        _ = Cbc_solve(m)
        lock.unlock()

        var solution = MIPSolution(status: .abandoned, objective: nil, values: [], bestBound: nil,
                                   nodes: Int(Cbc_getNodeCount(m)))
        if columnCount > 0, let best = Cbc_bestSolution(m) {
            solution.values = Array(UnsafeBufferPointer(start: best, count: columnCount))
            var value = 0.0
            for (c, column) in problem.columns.enumerated() { value += column.objective * solution.values[c] }
            solution.objective = value
        }
        let hasSolution = solution.objective != nil
        let bound = Cbc_getBestPossibleObjValue(m)
        if bound.isFinite, abs(bound) < 1e29 { solution.bestBound = bound }
        solution.status = CBCOutcome(status: Cbc_status(m), secondaryStatus: Cbc_secondaryStatus(m),
                                     provenOptimal: Cbc_isProvenOptimal(m) != 0,
                                     provenInfeasible: Cbc_isProvenInfeasible(m) != 0,
                                     continuousUnbounded: Cbc_isContinuousUnbounded(m) != 0,
                                     abandoned: Cbc_isAbandoned(m) != 0, hasSolution: hasSolution).meaning
        if solution.status == .optimal, let objective = solution.objective {
            // Proven optimal within the gaps: the bound is at least as good as the incumbent's
            // objective minus the gap; report the tighter of CBC's bound and the objective.
            if let b = solution.bestBound {
                solution.bestBound = problem.sense == .minimize ? min(b, objective) : max(b, objective)
            } else {
                solution.bestBound = objective
            }
        }
        return solution
    }
}

/// What CBC reports after a solve, and the status it means. Only a proof counts as optimal:
/// CBC's own "proven optimal" (search finished with a solution); every other end with a
/// solution (time, node, solution or iteration limit, a user stop, or a code this mapping does
/// not know) is "stopped with a solution".
struct CBCOutcome: Equatable {
    /// `Cbc_status`: -1 not run, 0 finished, 1 stopped on a limit, 2 abandoned, 5 user stop.
    var status: Int32
    /// `Cbc_secondaryStatus`: 0 completed, 1 LP infeasible, 2 gap, 3 nodes, 4 time, 5 user,
    /// 6 solutions, 7 LP unbounded, 8 iterations (-1 unset).
    var secondaryStatus: Int32
    var provenOptimal: Bool
    var provenInfeasible: Bool
    var continuousUnbounded: Bool
    var abandoned: Bool
    var hasSolution: Bool

    var meaning: MIPStatus {
        if provenInfeasible { return .infeasible }
        if continuousUnbounded { return .unbounded }
        if provenOptimal && hasSolution && status == 0 { return .optimal }
        if abandoned || status == 2 { return hasSolution ? .stoppedWithSolution : .abandoned }
        return hasSolution ? .stoppedWithSolution : .stoppedWithoutSolution
    }
}
