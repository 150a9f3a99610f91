import Dispatch
import Model

extension Prepared {
    /// The choice at `waits` for every cell: cell figures into `cells`, the loads returned.
    /// Chunks of `TwinModel.chunkCells` cells run on up to `threads` workers; their loads
    /// (`ChunkLoads`) are added in chunk order.
    func evaluate(waits: [Double], threads: Int, cells: CellBuffer) -> Loads {
        let video = bestVideo(waits: waits)
        let round = RoundArrays(waits: Flat(waits), videoBest: Flat(video.channel), videoCost: Flat(video.minutes))
        let chunkCount = (cellCount + TwinModel.chunkCells - 1) / TwinModel.chunkCells
        let chunkSlots = Slots<ChunkLoads>(count: chunkCount)
        let workers = min(threads, chunkCount)
        // The travel arrays are large: read them in place (valid for the whole pass) rather than
        // keeping a second copy.
        offsets.withUnsafeBufferPointer { offsetBuffer in
            travelSite.withUnsafeBufferPointer { siteBuffer in
                travelMinutes.withUnsafeBufferPointer { minuteBuffer in
                    let travel = TravelPointers(offsets: offsetBuffer.baseAddress, site: siteBuffer.baseAddress,
                                                minutes: minuteBuffer.baseAddress)
                    // Without a logit the cheapest option takes all: the kernel that decides per item profile.
                    let cheapest = logitScale == nil
                    @Sendable func run(_ chunk: Int) -> ChunkLoads {
                        cheapest ? runCheapestChunk(chunk, travel: travel, round: round, cells: cells)
                            : runChunk(chunk, travel: travel, round: round, cells: cells)
                    }
                    if workers <= 1 {
                        for chunk in 0..<chunkCount { chunkSlots.set(chunk, run(chunk)) }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            for chunk in stride(from: worker, to: chunkCount, by: workers) { chunkSlots.set(chunk, run(chunk)) }
                        }
                    }
                }
            }
        }
        var loads = Loads(siteCount: siteCount, channelCount: channels.count)
        for part in chunkSlots.take() { loads.add(part) }
        return loads
    }
}

/// One chunk's loads, only the sites it sends completions or handling minutes to (a chunk
/// reaches a few hundred of a province's sites): added into the totals in chunk order, they
/// give the same sums as the whole arrays, since adding the zeros left out changes no sum of
/// non-negative terms (every entry kept whose bits are not +0).
struct ChunkLoads: Sendable {
    var sites: [Int32] = []
    var siteCompletions: [Double] = [], siteHandlingMinutes: [Double] = []
    var channelCompletions: [Double] = []
    /// `Loads.itemSums`: per item, `ItemSums.width` figures.
    var itemSums: [Double] = []

    init() {}

    /// The scratch's loads, without the sites left at +0.
    init(_ s: ChunkScratch, siteCount: Int, channelCount: Int) {
        for j in 0..<siteCount where s.loadCompletions[j].bitPattern != 0 || s.loadHandling[j].bitPattern != 0 {
            sites.append(Int32(j))
            siteCompletions.append(s.loadCompletions[j])
            siteHandlingMinutes.append(s.loadHandling[j])
        }
        channelCompletions = Array(UnsafeBufferPointer(start: s.loadChannel, count: channelCount))
        itemSums = Array(UnsafeBufferPointer(start: s.itemSums, count: s.itemCount * ItemSums.width))
    }
}

extension Loads {
    /// Adds a chunk's partial sums (in chunk order: the same sums for any thread count), as
    /// `add(_: Loads)` adds the whole arrays.
    mutating func add(_ part: ChunkLoads) {
        for (n, j) in part.sites.enumerated() {
            siteCompletions[Int(j)] += part.siteCompletions[n]
            siteHandlingMinutes[Int(j)] += part.siteHandlingMinutes[n]
        }
        for k in channelCompletions.indices where k < part.channelCompletions.count {
            channelCompletions[k] += part.channelCompletions[k]
        }
        if itemSums.isEmpty { itemSums = part.itemSums } else {
            for k in itemSums.indices where k < part.itemSums.count { itemSums[k] += part.itemSums[k] }
        }
    }
}
