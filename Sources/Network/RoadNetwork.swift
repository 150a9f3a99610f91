import Model

/// A road graph ready for travel-time queries: the graph of one mode, its reverse (for
/// resident -> site times on one-way networks) and its snap index, built once and reused.
public struct RoadNetwork: Sendable {
    public let graph: RoadGraph
    /// What building the graph did (sizes, dropped nodes and edges).
    public let report: GraphBuildReport
    public let index: SnapIndex
    let reverse: RoadGraph

    /// Builds the graph of `ways` (largest strongly connected component) and its index.
    public init(ways: [RoadWayInput], space: CoordinateSpace = .geographic) {
        let (graph, report) = RoadGraph.build(ways: ways, space: space, keep: .largestStrong)
        self.init(graph: graph, report: report)
    }

    public init(graph: RoadGraph, report: GraphBuildReport = GraphBuildReport()) {
        self.graph = graph
        self.report = report
        self.index = SnapIndex(graph: graph)
        self.reverse = graph.reversed()
    }

    /// Travel times between sites and cells (points in the graph's space). Each point is
    /// snapped to its nearest node within `maxSnapMeters` and the snap leg is walked at
    /// `walkKmh`; a pair is kept when leg + network + leg <= `cutoffSeconds`. Points that do not
    /// snap keep their index with no entries and are listed in the result.
    public func travelTimes(sites: [XY], cells: [XY], maxSnapMeters: Double, walkKmh: Double,
                            cutoffSeconds: Float, direction: TravelDirection = .toSources,
                            threads: Int = 2, progress: SearchProgress? = nil) -> NetworkTravelTimes {
        let siteSnaps = index.snap(sites, maxMeters: maxSnapMeters)
        let cellSnaps = index.snap(cells, maxMeters: maxSnapMeters)
        func starts(_ snaps: SnapResult) -> [SearchStart] {
            snaps.snaps.map { $0?.start(walkKmh: walkKmh) ?? SearchStart(node: -1) }
        }
        let times = RoadGraph.sparseTimes(on: direction == .toSources ? reverse : graph,
                                          from: starts(siteSnaps), to: starts(cellSnaps),
                                          cutoffSeconds: cutoffSeconds, threads: threads, progress: progress)
        return NetworkTravelTimes(times: times, siteSnaps: siteSnaps, cellSnaps: cellSnaps)
    }

    /// The same pairs laid out by cell (a row per cell, its sites by ascending index), in
    /// minutes (`Double(seconds) / 60`), without a site-major copy (see
    /// `RoadGraph.timesByTarget`); and the snapping behind them. `snapped`: the cells already
    /// snapped (`index.snap(cells, maxMeters: maxSnapMeters)`), so that a run snaps its cells once.
    public func travelMinutesByCell(sites: [XY], cells: [XY], snapped: SnapResult? = nil, maxSnapMeters: Double, walkKmh: Double,
                                    cutoffSeconds: Float, direction: TravelDirection = .toSources, threads: Int = 2,
                                    progress: SearchProgress? = nil) -> (minutes: SparseTravel, siteSnaps: SnapResult, cellSnaps: SnapResult) {
        let siteSnaps = index.snap(sites, maxMeters: maxSnapMeters)
        let cellSnaps = snapped ?? index.snap(cells, maxMeters: maxSnapMeters)
        func starts(_ snaps: SnapResult) -> [SearchStart] {
            snaps.snaps.map { $0?.start(walkKmh: walkKmh) ?? SearchStart(node: -1) }
        }
        let minutes = RoadGraph.timesByTarget(on: direction == .toSources ? reverse : graph, from: starts(siteSnaps), to: starts(cellSnaps),
                                              cutoffSeconds: cutoffSeconds, threads: threads, progress: progress) { Double($0) / 60 }
        return (minutes, siteSnaps, cellSnaps)
    }

    /// Seconds from every cell to its nearest site, with no cut-off: one search over the whole
    /// graph seeded with every snapped site and its walked snap leg, plus the cell's own leg
    /// (the same sums, in the same order, as the pairs of `travelTimes`). `.infinity` where the
    /// cell did not snap or no path leads from it to a site.
    public func nearestSiteSeconds(sites: [XY], cells: [XY], maxSnapMeters: Double, walkKmh: Double,
                                   direction: TravelDirection = .toSources) -> [Float] {
        nearestSiteSeconds(sites: sites, cellSnaps: index.snap(cells, maxMeters: maxSnapMeters), maxSnapMeters: maxSnapMeters,
                           walkKmh: walkKmh, direction: direction)
    }

    /// The same for cells already snapped (`index.snap(cells, maxMeters: maxSnapMeters)`), so
    /// that several site sets share one snapping of many cells.
    public func nearestSiteSeconds(sites: [XY], cellSnaps: SnapResult, maxSnapMeters: Double, walkKmh: Double,
                                   direction: TravelDirection = .toSources) -> [Float] {
        let siteStarts = index.snap(sites, maxMeters: maxSnapMeters).snaps.compactMap { $0?.start(walkKmh: walkKmh) }
        let toNode = (direction == .toSources ? reverse : graph).times(from: siteStarts)
        return cellSnaps.snaps.map { snap in
            guard let start = snap?.start(walkKmh: walkKmh) else { return .infinity }
            return toNode[Int(start.node)] + start.seconds
        }
    }

    /// For every cell the nearest site within `cutoffSeconds` (one multi-source search) and
    /// its time including both snap legs; nil where none is reachable or the cell did not snap.
    public func nearestSite(sites: [XY], cells: [XY], maxSnapMeters: Double, walkKmh: Double,
                            cutoffSeconds: Float = .infinity,
                            direction: TravelDirection = .toSources) -> [(site: Int, seconds: Float)?] {
        let siteStarts = index.snap(sites, maxMeters: maxSnapMeters).snaps.map {
            $0?.start(walkKmh: walkKmh) ?? SearchStart(node: -1)
        }
        let nearest = (direction == .toSources ? reverse : graph).nearestSources(siteStarts, cutoffSeconds: cutoffSeconds)
        return index.snap(cells, maxMeters: maxSnapMeters).snaps.map { snap in
            guard let snap else { return nil }
            let leg = snap.start(walkKmh: walkKmh).seconds
            let v = Int(snap.node)
            guard nearest.source[v] >= 0, nearest.seconds[v] + leg <= cutoffSeconds else { return nil }
            return (Int(nearest.source[v]), nearest.seconds[v] + leg)
        }
    }
}

/// Travel times with the snapping behind them.
public struct NetworkTravelTimes: Sendable {
    /// Row per site, entries per cell (indices into the inputs).
    public var times: SparseTravelTimes
    public var siteSnaps: SnapResult
    public var cellSnaps: SnapResult
    public var unsnappedSites: [Int] { siteSnaps.unsnapped }
    public var unsnappedCells: [Int] { cellSnaps.unsnapped }
}
