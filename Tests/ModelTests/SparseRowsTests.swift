import Districts
import Model
import Testing

/// The one CSR builder against plain references on random input: rows filled by appending
/// each triple to its row's list, and transposes by scanning every entry for each column.
struct SparseRowsTests {
    struct Triple: Equatable { var row: Int32, column: Int32, value: Double }

    func randomTriples(_ random: inout SeededGenerator, rows: Int, columns: Int) -> [Triple] {
        (0..<Int.random(in: 0...400, using: &random)).map { _ in
            Triple(row: Int32.random(in: 0..<Int32(rows), using: &random),
                   column: Int32.random(in: 0..<Int32(columns), using: &random),
                   value: Double(Int.random(in: 0...10_000, using: &random)) / 7)
        }
    }

    /// Entries of each row, in the CSR's order.
    func lists(_ m: SparseRows<Double>) -> [[Triple]] {
        (0..<m.rowCount).map { r in m.entries(ofRow: r).map { Triple(row: Int32(r), column: m.columns[$0], value: m.values[$0]) } }
    }

    @Test func triplesAreGroupedByRowInTheirOrder() {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let rows = Int.random(in: 1...30, using: &random), columns = Int.random(in: 1...30, using: &random)
            let triples = randomTriples(&random, rows: rows, columns: columns)
            let m = SparseRows(rowCount: rows, columnCount: columns, rows: triples.map(\.row), columns: triples.map(\.column),
                               values: triples.map(\.value))
            var reference = [[Triple]](repeating: [], count: rows)
            for t in triples { reference[Int(t.row)].append(t) }
            #expect(lists(m) == reference)
            #expect(m.offsets.first == 0 && m.offsets.last == triples.count && m.rowCount == rows)
            // The same from per-row lists.
            let fromLists = SparseRows(rows: reference.map { $0.map { (column: $0.column, value: $0.value) } }, columnCount: columns)
            #expect(fromLists == m)
        }
    }

    @Test func transposeListsEachColumnByAscendingRow() {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<200 {
            let rows = Int.random(in: 1...30, using: &random), columns = Int.random(in: 1...30, using: &random)
            let triples = randomTriples(&random, rows: rows, columns: columns)
            let m = SparseRows(rowCount: rows, columnCount: columns, rows: triples.map(\.row), columns: triples.map(\.column),
                               values: triples.map(\.value))
            let t = m.transposed { $0 / 60 }
            var reference = [[(column: Int32, value: Double)]](repeating: [], count: columns)
            for r in 0..<rows {
                for k in m.entries(ofRow: r) { reference[Int(m.columns[k])].append((Int32(r), m.values[k] / 60)) }
            }
            #expect(t == SparseRows(rows: reference, columnCount: rows))
            #expect(t.transposed { $0 * 60 }.rowCount == rows)
            // Twice: each row by column, a column listed twice in a row keeping its order.
            let byColumn = lists(m).map { row in
                row.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }
                    .map { (column: $0.element.column, value: $0.element.value) }
            }
            #expect(m.transposed().transposed() == SparseRows(rows: byColumn, columnCount: columns))
        }
    }

    @Test func countingSortIsStable() {
        let (offsets, order) = CountingSort.order(keys: [2, 0, 2, 1, 0], bucketCount: 4)
        #expect(offsets == [0, 2, 3, 5, 5])
        #expect(order == [1, 4, 3, 0, 2])
    }

    @Test func sparseTravelNamesCellsAndSites() {
        let travel = SparseTravel(rows: [[(site: 2, minutes: 5)], [], [(site: 0, minutes: 3), (site: 1, minutes: 1)]])
        #expect(travel.cellCount == 3 && travel.siteCount == 3 && travel.pairCount == 3)
        #expect(travel.site == [2, 0, 1] && travel.minutes == [5, 3, 1] && travel.offsets == [0, 1, 1, 3])
        #expect(travel.nearestMinutes(fromCell: 2, where: { _ in true }) == 1)
        #expect(travel.nearestMinutes(fromCell: 2, where: { $0 == 0 }) == 3)
        #expect(travel.nearestMinutes(fromCell: 1, where: { _ in true }) == nil)
    }
}
