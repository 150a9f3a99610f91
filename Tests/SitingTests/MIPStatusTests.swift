import Model
import Testing
@testable import MIPSolver

// What `MIPSolver` calls a CBC result: "optimal" only with CBC's proof; every other end with a
// solution is "stopped with a solution".

@Test("CBC's status codes map to a proof only when CBC proved it")
func cbcStatusMapping() {
    func outcome(_ status: Int32, _ secondary: Int32, proven: Bool = false, infeasible: Bool = false,
                 abandoned: Bool = false, solution: Bool) -> MIPStatus {
        CBCOutcome(status: status, secondaryStatus: secondary, provenOptimal: proven, provenInfeasible: infeasible,
                   continuousUnbounded: false, abandoned: abandoned, hasSolution: solution).meaning
    }
    #expect(outcome(0, 0, proven: true, solution: true) == .optimal)
    #expect(outcome(0, 2, proven: true, solution: true) == .optimal) // stopped on the requested gap: proven within it
    #expect(outcome(1, 4, solution: true) == .stoppedWithSolution)    // time limit
    #expect(outcome(1, 3, solution: true) == .stoppedWithSolution)    // node limit
    #expect(outcome(1, 3, solution: false) == .stoppedWithoutSolution)
    #expect(outcome(1, 6, solution: true) == .stoppedWithSolution)    // solution limit
    #expect(outcome(1, 8, solution: true) == .stoppedWithSolution)    // iteration limit
    #expect(outcome(5, 5, solution: true) == .stoppedWithSolution)    // user stop: not a proof
    #expect(outcome(0, 0, solution: true) == .stoppedWithSolution)    // finished but CBC does not say optimal
    #expect(outcome(-1, -1, solution: true) == .stoppedWithSolution)  // never branched
    #expect(outcome(0, 1, infeasible: true, solution: false) == .infeasible)
    #expect(outcome(2, -1, abandoned: true, solution: false) == .abandoned)
    #expect(outcome(2, -1, abandoned: true, solution: true) == .stoppedWithSolution)
}

/// A market-split problem (Cornuéjols–Dawande): m rows Σ a_ij x_j = b_i over binary x with
/// slacks, least total slack; notoriously hard for branch and bound.
func marketSplit(rows m: Int, columns n: Int, seed: UInt64) -> MIPProblem {
    var rng = SeededGenerator(seed: seed)
    var problem = MIPProblem(sense: .minimize)
    let x = (0..<n).map { _ in problem.addColumn(.binary()) }
    for _ in 0..<m {
        let a = (0..<n).map { _ in Double(rng.int(0...100 - 1)) }
        let b = (a.reduce(0, +) / 2).rounded(.down)
        let under = problem.addColumn(MIPProblem.Column(lower: 0, upper: .infinity, objective: 1))
        let over = problem.addColumn(MIPProblem.Column(lower: 0, upper: .infinity, objective: 1))
        problem.addRow(x + [under, over], a + [1, -1], lower: b, upper: b)
    }
    return problem
}

@Test("a node limit stops CBC on a hard problem: stopped with a solution, not optimal, the same every time")
func nodeLimitStopsWithSolution() throws {
    let problem = marketSplit(rows: 4, columns: 30, seed: 11)
    let first = try MIPSolver.solve(problem, options: MIPOptions(maximumNodes: 20))
    #expect(first.status == .stoppedWithSolution)
    let objective = try #require(first.objective)
    let bound = try #require(first.bestBound)
    #expect(bound < objective)
    let again = try MIPSolver.solve(problem, options: MIPOptions(maximumNodes: 20))
    #expect(again.status == first.status && again.objective == first.objective && again.values == first.values)
}
