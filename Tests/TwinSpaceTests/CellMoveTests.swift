import Model
import Testing
@testable import TwinSpace

/// The averaged cell figures move towards an evaluation's on the run's threads
/// (`CellBuffer.move`): each cell alone, so the same figures for any thread count.
@Suite struct CellMoveTests {
    @Test("moving the averaged cells on 1, 2 or 3 threads gives TwinCellResult.move's figures, bit for bit")
    func threadsMoveTheSameFigures() throws {
        let district = try RandomDistrict(seed: 4, cells: 1)
        let one = try TwinModel.solve(district.input, parameters: district.parameters).cells[0]
        let count = 2 * CellBuffer.cellsPerMovePart + 1_000
        var g = SeededGenerator(seed: 11)
        func random() -> TwinCellResult {
            var cell = one
            cell.shareHall = g.unit(); cell.shareKiosk = g.unit(); cell.shareOnline = g.unit(); cell.shareVideo = g.unit()
            cell.unservedShare = g.unit(); cell.shareAssisted = g.unit(); cell.zeroTripShare = g.unit()
            cell.tripsPerResidentYear = g.uniform(0...3); cell.travelMinutesPerResidentYear = g.uniform(0...90)
            cell.costMinutesPerResidentYear = g.uniform(0...200)
            return cell
        }
        let start = (0..<count).map { _ in random() }
        let buffer = CellBuffer(count: count)
        for c in 0..<count { buffer.set(c, random()) }
        var expected = start
        TwinCellResult.move(&expected, towards: buffer.array(), step: 0.3)
        for threads in 1...3 {
            var mixture = start
            buffer.move(&mixture, step: 0.3, threads: threads)
            #expect(mixture == expected, "\(threads) threads")
        }
        #expect(expected != start)
    }
}
