import Dispatch
import Model

/// Where the completions that overloaded sites cannot serve come from (see `TwinModel`,
/// Overload): the residents' cells, the establishments, or — when no cell's choice at the
/// final waits sends anything to such a site — nobody in particular (district-wide only).
/// The three add up to the sites' `unservedCompletionsPerYear`.
public struct TwinOverloadShares: Sendable, Hashable {
    /// Given to the residents' cells: the sum of their `overloadUnservedCompletionsPerYear`.
    public var residentsCompletionsPerYear = 0.0
    /// Sent by establishments (their demand group); in no cell's figures.
    public var establishmentsCompletionsPerYear = 0.0
    /// At overloaded sites that no cell's choice at the final waits sends demand to.
    public var unattributedCompletionsPerYear = 0.0
    public init() {}
}

/// One demand group's (or the whole model's) sends to overloaded sites, per cell.
struct OverloadSource {
    var sends: [[SiteSend]]
    /// Completions per resident-year over all demand (residents: the unit of `overloadResidents`).
    var completionsPerResident: Double
    /// Per cell, the share of the digital and of the not-digital segment that is elderly.
    var elderlyOfSegment: (Int, TwinRules.Segment) -> Double
    /// Residents: its cells are the result's cells; establishments: false.
    var isResidents: Bool
}

extension Prepared {
    /// The waits of a result's queues, sites then channels (the choice reads video channels' only).
    static func finalWaits(_ result: TwinResult) -> [Double] {
        result.sites.map(\.waitMinutes) + result.channels.map(\.waitMinutes)
    }

    /// This model's cells' sends to `overloaded` sites at `waits`; cells that reach no such site
    /// (directly, or through a hand-in desk forwarding to one) are skipped, with no sends.
    func overloadSource(overloaded: [Bool], waits: [Double], threads: Int, isResidents: Bool) -> OverloadSource {
        var waits = waits
        for (k, channel) in channels.enumerated() where channel.kind != .video { waits[siteCount + k] = 0 }
        let video = bestVideo(waits: waits)
        let g = groupCount
        let forwards = (0..<siteCount).map { j in
            assisted.acceptsHandIns[j] && (0..<g).contains { k in
                let back = Int(assisted.backOffice[j * g + k])
                return back >= 0 && overloaded[back]
            }
        }
        let chunkCount = (cellCount + TwinModel.chunkCells - 1) / TwinModel.chunkCells
        let slots = Slots<[[SiteSend]]>(count: chunkCount)
        let sending = waits
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunkCount))) { worker in
            var chunk = worker
            while chunk < chunkCount {
                let cellRange = (chunk * TwinModel.chunkCells)..<min((chunk + 1) * TwinModel.chunkCells, cellCount)
                slots.set(chunk, cellRange.map { c in
                    let touches = (offsets[c]..<offsets[c + 1]).contains {
                        let j = Int(travelSite[$0])
                        return overloaded[j] || forwards[j]
                    }
                    guard touches else { return [] }
                    return siteSends(cell: c, waits: sending, video: video).filter { overloaded[$0.site] }
                })
                chunk += max(1, min(threads, chunkCount))
            }
        }
        let elderly = { (c: Int, segment: TwinRules.Segment) -> Double in
            let split = TwinRules.segments(elderlyShare: self.cells.elderly[c], digitalShare: self.cells.digital[c],
                                           elderlyAdoptionRatio: self.elderlyAdoptionRatio)
            return segment == .digital ? (split.digital > 0 ? split.elderlyDigital / split.digital : 0)
                                       : (split.notDigital > 0 ? split.elderlyNotDigital / split.notDigital : 0)
        }
        return OverloadSource(sends: slots.take().flatMap { $0 }, completionsPerResident: demand.completions,
                              elderlyOfSegment: elderly, isResidents: isResidents)
    }
}

extension TwinModel {
    /// The sites whose week of work exceeds their window-minutes (unserved completions > 0).
    static func overloadedSites(_ result: TwinResult) -> [Bool]? {
        let overloaded = result.sites.map { $0.unservedCompletionsPerYear > 0 }
        return overloaded.contains(true) ? overloaded : nil
    }

    /// Gives each overloaded site's unserved completions to the cells that send it demand at the
    /// final waits, in proportion to the completions each sends there (see `TwinModel`,
    /// Overload). `sources` are in the order of `result.demandGroups` when there are groups.
    static func attributeOverload(_ result: inout TwinResult, sources: [OverloadSource]) {
        let siteCount = result.sites.count
        var sent = [Double](repeating: 0, count: siteCount)
        for source in sources { for cell in source.sends { for s in cell { sent[s.site] += s.completions } } }
        var factor = [Double](repeating: 0, count: siteCount)
        var shares = TwinOverloadShares()
        for j in 0..<siteCount where result.sites[j].unservedCompletionsPerYear > 0 {
            let unserved = result.sites[j].unservedCompletionsPerYear
            if sent[j] > 0 { factor[j] = unserved / sent[j] } else { shares.unattributedCompletionsPerYear += unserved }
        }
        for (g, source) in sources.enumerated() {
            let perResident = source.completionsPerResident
            var groupGap = 0.0
            for (c, cellSends) in source.sends.enumerated() where !cellSends.isEmpty {
                var unserved = 0.0, gapDigital = 0.0, gapNotDigital = 0.0
                for s in cellSends {
                    let u = s.completions * factor[s.site]
                    unserved += u
                    if !s.gap { if s.segment == .digital { gapDigital += u } else { gapNotDigital += u } }
                }
                guard source.isResidents else { shares.establishmentsCompletionsPerYear += unserved; continue }
                shares.residentsCompletionsPerYear += unserved
                guard perResident > 0 else { continue }
                // Residents whose whole year of items that is, as the gap counts residents.
                let gap = (gapDigital + gapNotDigital) / perResident
                result.cells[c].overloadUnservedCompletionsPerYear += unserved
                result.cells[c].overloadResidents += unserved / perResident
                result.cells[c].overloadGapPopulation += gap
                result.cells[c].gapPopulation += gap
                result.cells[c].gapNotDigital += gapNotDigital / perResident
                result.cells[c].gapElderly += (gapDigital * source.elderlyOfSegment(c, .digital)
                    + gapNotDigital * source.elderlyOfSegment(c, .notDigital)) / perResident
                groupGap += gap
            }
            if g < result.demandGroups.count { result.demandGroups[g].gapPopulation += groupGap }
        }
        result.overload = shares
    }
}
