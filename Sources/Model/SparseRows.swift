/// Compressed sparse rows (CSR): the entries of row `r` are `offsets[r] ..< offsets[r + 1]`,
/// each a column index and a value. The one sparse layout of the travel stage and every stage
/// after it: cell → site minutes (`SparseTravel`, rows are cells), site → cell seconds of the
/// network searches (`SparseTravelTimes`, rows are sources), and the transposes the siting and
/// accessibility kernels walk by site. All are built by the counting sort below.
///
/// The members are `@inlinable` so that callers in other modules get them specialised: the
/// value type is generic and these arrays are walked in hot loops.
public struct SparseRows<Value: Sendable & Hashable>: Sendable, Hashable {
    /// Columns are `0 ..< columnCount` (entries are not checked against it here).
    public var columnCount: Int
    /// `rowCount + 1` offsets, non-decreasing, the first 0, the last `columns.count`.
    public var offsets: [Int]
    public var columns: [Int32]
    public var values: [Value]

    @inlinable
    public init(columnCount: Int, offsets: [Int], columns: [Int32], values: [Value]) {
        self.columnCount = columnCount; self.offsets = offsets; self.columns = columns; self.values = values
    }

    @inlinable public var rowCount: Int { offsets.count - 1 }
    @inlinable public var entryCount: Int { columns.count }

    /// The entries of one row.
    @inlinable public func entries(ofRow row: Int) -> Range<Int> { offsets[row]..<offsets[row + 1] }
}

extension SparseRows {
    /// The builder from unordered triples (`rows[k]`, `columns[k]`, `values[k]`): a counting sort
    /// by row, stable, so each row keeps the triples' order. Rows and columns must be in range.
    @inlinable
    public init(rowCount: Int, columnCount: Int, rows: [Int32], columns: [Int32], values: [Value]) {
        precondition(rows.count == columns.count && columns.count == values.count, "triples of unequal lengths")
        let (offsets, order) = CountingSort.order(keys: rows, bucketCount: rowCount)
        self.init(columnCount: columnCount, offsets: offsets, columns: order.map { columns[$0] }, values: order.map { values[$0] })
    }

    /// The builder from one list per row, in row order; each list keeps its order.
    @inlinable
    public init(rows: [[(column: Int32, value: Value)]], columnCount: Int) {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var columns: [Int32] = [], values: [Value] = []
        let total = rows.reduce(0) { $0 + $1.count }
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        for row in rows {
            for entry in row {
                columns.append(entry.column)
                values.append(entry.value)
            }
            offsets.append(columns.count)
        }
        self.init(columnCount: columnCount, offsets: offsets, columns: columns, values: values)
    }

    /// Rows become columns, with `transform` applied to each value: a counting sort by column
    /// that visits the rows in order, so each new row lists its entries by ascending old row.
    @inlinable
    public func transposed<T>(_ transform: (Value) -> T) -> SparseRows<T> {
        var offsets = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { offsets[Int(c) + 1] += 1 }
        for j in 0..<columnCount { offsets[j + 1] += offsets[j] }
        var fill = offsets
        var newColumns = [Int32](repeating: 0, count: columns.count)
        var newValues = [T]()
        newValues.reserveCapacity(columns.count)
        var slots = [Int](repeating: 0, count: columns.count)
        for r in 0..<rowCount {
            for k in entries(ofRow: r) {
                let c = Int(columns[k])
                newColumns[fill[c]] = Int32(r)
                slots[fill[c]] = k
                fill[c] += 1
            }
        }
        for k in slots { newValues.append(transform(values[k])) }
        return SparseRows<T>(columnCount: rowCount, offsets: offsets, columns: newColumns, values: newValues)
    }

    /// Rows become columns, values unchanged.
    @inlinable
    public func transposed() -> SparseRows { transposed { $0 } }
}

/// Listed (origin, destination, minutes) pairs as flat parallel arrays in their listing order
/// (a matrix file's rows): the triples `SparseRows(rowCount:columnCount:rows:columns:values:)`
/// groups by origin, and the form the accessibility sums walk in file order.
public struct PairColumns: Sendable {
    public var origins: [Int32] = []
    public var destinations: [Int32] = []
    public var minutes: [Double] = []

    public init() {}

    public init(origins: [Int32], destinations: [Int32], minutes: [Double]) {
        precondition(origins.count == destinations.count && origins.count == minutes.count,
                     "the three arrays of a segment have one entry per pair")
        self.origins = origins; self.destinations = destinations; self.minutes = minutes
    }

    public var count: Int { origins.count }
}

/// The one counting sort behind every CSR layout: groups item indices by a small integer key.
public enum CountingSort {
    /// For `bucketCount` buckets, `offsets` (`bucketCount + 1`, running sums of the bucket sizes)
    /// and `order`: the item indices bucket by bucket, each bucket in item order (stable).
    /// Every key must be in `0 ..< bucketCount`.
    @inlinable
    public static func order(keys: [Int32], bucketCount: Int) -> (offsets: [Int], order: [Int]) {
        var offsets = [Int](repeating: 0, count: bucketCount + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for b in 0..<bucketCount { offsets[b + 1] += offsets[b] }
        var fill = offsets
        var order = [Int](repeating: 0, count: keys.count)
        for (k, key) in keys.enumerated() {
            order[fill[Int(key)]] = k
            fill[Int(key)] += 1
        }
        return (offsets, order)
    }
}

/// One-way travel minutes from each cell (resident) to the sites it can reach within a cut-off:
/// rows are cells, columns sites. Pairs beyond the cut-off are absent (never 0, never infinite).
public typealias SparseTravel = SparseRows<Double>

extension SparseRows where Value == Double {
    @inlinable
    public init(cellCount: Int, siteCount: Int, offsets: [Int], site: [Int32], minutes: [Double]) {
        precondition(offsets.count == cellCount + 1, "offsets do not match the cell count")
        self.init(columnCount: siteCount, offsets: offsets, columns: site, values: minutes)
    }

    /// From one list of `(site, minutes)` per cell, each kept in its order; the site count is
    /// one more than the largest site index.
    public init(rows: [[(site: Int, minutes: Double)]]) {
        let siteCount = rows.joined().map(\.site).max().map { $0 + 1 } ?? 0
        self.init(rows: rows.map { $0.map { (column: Int32(truncatingIfNeeded: $0.site), value: $0.minutes) } },
                  columnCount: siteCount)
    }

    @inlinable public var cellCount: Int { rowCount }
    @inlinable public var siteCount: Int { columnCount }
    @inlinable public var pairCount: Int { columns.count }
    /// Site index of each pair.
    @inlinable public var site: [Int32] { columns }
    /// One-way minutes of each pair.
    @inlinable public var minutes: [Double] { values }

    /// The pairs of one cell.
    @inlinable public func pairs(ofCell cell: Int) -> Range<Int> { entries(ofRow: cell) }

    /// Minutes from `cell` to the nearest of the sites for which `include` holds, or nil.
    public func nearestMinutes(fromCell cell: Int, where include: (Int) -> Bool) -> Double? {
        var best: Double? = nil
        for k in pairs(ofCell: cell) where include(Int(columns[k])) {
            if let current = best, current <= values[k] { continue }
            best = values[k]
        }
        return best
    }
}

/// Network search results: rows are sources (sites), columns targets (cells), values `Float`
/// seconds, each row by ascending target.
public typealias SparseTravelTimes = SparseRows<Float>

extension SparseRows where Value == Float {
    @inlinable public var sourceCount: Int { rowCount }
    @inlinable public var targets: [Int32] { columns }
    @inlinable public var seconds: [Float] { values }

    /// The entries of one source.
    public func row(_ source: Int) -> [(target: Int32, seconds: Float)] {
        entries(ofRow: source).map { (columns[$0], values[$0]) }
    }
}
