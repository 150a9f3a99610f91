import Model

/// One site-selection instance: demand cells with population, sites (candidates that may be
/// opened and fixed sites that are open anyway), and the travel minutes between them.
///
/// Sites are numbered candidates first (`0..<candidateCount`), then fixed sites that are not
/// candidates. The minutes are sparse: a pair that is not listed is "not reachable" (infinitely
/// far, never within a radius), as in PySAL spopt's reading of a long-form matrix.
public struct SitingInstance: Sendable {
    /// Population (weight) of each demand cell, > 0, in the population file's order.
    public let populations: [Double]
    /// Sites: candidates `0..<candidateCount`, then fixed-only sites.
    public let siteCount: Int
    /// Sites that may be opened.
    public let candidateCount: Int
    /// Sites open in every solution (sorted, unique); they may be candidates too.
    public let fixed: [Int32]
    /// Pairs by cell (CSR): the pairs of cell `i` are `rowStarts[i]..<rowStarts[i+1]`, in
    /// ascending minutes, ties by site number.
    public let rowStarts: [Int]
    public let rowSites: [Int32]
    public let rowMinutes: [Double]

    public var cellCount: Int { populations.count }
    public var pairCount: Int { rowSites.count }

    /// Builds the instance from unordered pairs (`cells[k]`, `sites[k]`, `minutes[k]`).
    /// Preconditions (checked by the readers, which name the file and line): indices in range,
    /// minutes finite and >= 0, populations > 0, no pair twice.
    public init(populations: [Double], siteCount: Int, candidateCount: Int, fixed: [Int32],
                cells: [Int32], sites: [Int32], minutes: [Double]) {
        precondition(cells.count == sites.count && sites.count == minutes.count)
        precondition(candidateCount <= siteCount)
        self.populations = populations
        self.siteCount = siteCount
        self.candidateCount = candidateCount
        self.fixed = Array(Set(fixed)).sorted()
        var selectable = (0..<siteCount).map { $0 < candidateCount }
        for f in self.fixed { selectable[Int(f)] = false }
        self.isSelectable = selectable
        let n = populations.count
        let (starts, order) = CountingSort.order(keys: cells, bucketCount: n)
        var rowSites = [Int32](repeating: 0, count: cells.count)
        var rowMinutes = [Double](repeating: 0, count: cells.count)
        var scratch: [(Double, Int32)] = []
        for i in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            for at in starts[i]..<starts[i + 1] {
                let k = order[at]
                scratch.append((minutes[k], sites[k]))
            }
            scratch.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            for (offset, pair) in scratch.enumerated() {
                rowMinutes[starts[i] + offset] = pair.0
                rowSites[starts[i] + offset] = pair.1
            }
        }
        self.rowStarts = starts
        self.rowSites = rowSites
        self.rowMinutes = rowMinutes
    }

    /// Whether site `j` may be chosen as a new site (a candidate that is not fixed).
    public let isSelectable: [Bool]

    /// Sites that may be chosen as new sites, ascending.
    public var selectableSites: [Int] { (0..<siteCount).filter { isSelectable[$0] } }
}

/// Which location model, with its parameters.
public enum SitingModel: Sendable, Equatable {
    /// Maximal covering: `p` new sites maximizing the population with an open site within
    /// `radiusMinutes` (inclusive).
    case mclp(p: Int, radiusMinutes: Double)
    /// p-median: `p` new sites minimizing Σ population × minutes to the nearest open site.
    case pmedian(p: Int)
    /// Location set covering: fewest new sites so that every cell that some site can cover
    /// within `radiusMinutes` is covered.
    case lscp(radiusMinutes: Double)
    /// p-center: `p` new sites minimizing the largest minutes from a cell to its nearest open site.
    case pcenter(p: Int)
    /// Twin-aware: `p` new sites minimizing the capped weighted p-median of `terms` (least
    /// total generalized minutes after the choice between in-person and remote channels; see
    /// `TwinTerms`).
    case twin(p: Int, terms: TwinTerms)

    public var name: String {
        switch self {
        case .mclp: "mclp"
        case .pmedian: "pmedian"
        case .lscp: "lscp"
        case .pcenter: "pcenter"
        case .twin: "twin"
        }
    }

    public var p: Int? {
        switch self {
        case .mclp(let p, _), .pmedian(let p), .pcenter(let p), .twin(let p, _): p
        case .lscp: nil
        }
    }

    public var radiusMinutes: Double? {
        switch self {
        case .mclp(_, let r), .lscp(let r): r
        case .pmedian, .pcenter, .twin: nil
        }
    }

    /// The model's name when its objective is undefined with no open site (every resident
    /// infinitely far: p-median, p-center, twin); nil for coverage models (nothing covered is 0).
    var needsAnOpenSite: String? {
        switch self {
        case .pmedian: "p-median"
        case .pcenter: "p-center"
        case .twin: "the twin model"
        case .mclp, .lscp: nil
        }
    }
}
