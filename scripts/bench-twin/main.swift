// Synthetic twin-space workload (3 million residents): N cells, S sites (a quarter halls), 30 items, about R reachable
// sites per cell. Prints the solve time (monotonic clock), the convergence and a checksum.
import Foundation
import Model
import TwinSpace

let args = CommandLine.arguments
let cellCount = args.count > 1 ? Int(args[1]) ?? 200_000 : 200_000
let siteCount = args.count > 2 ? Int(args[2]) ?? 2_000 : 2_000
let reachable = args.count > 3 ? Int(args[3]) ?? 30 : 30
let threads = args.count > 4 ? Int(args[4]) ?? 2 : 2
/// `min` (default), `logit` (θ = 0.1 per minute) or `none` (build the input only: the set-up cost).
let mode = args.count > 5 ? args[5] : "min"

struct Random {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}
var random = Random()
let allWeek = OpeningHours.alwaysOpen
let office = (try? OpeningHours(parsing: "Mo-Fr 09:00-17:00; Sa 09:00-12:00")) ?? allWeek
var items: [ServiceItem] = []
for i in 0..<30 {
    items.append(ServiceItem(id: "S\(i)", name: "S\(i)", perThousandPerYear: 5 + 40 * random.next(),
                             minTier: Tier.allCases[i % 4], hall: true, kiosk: i % 3 == 0,
                             online: i % 2 == 0, video: i % 5 == 0, tripsHall: Double(1 + i % 2),
                             tripsKiosk: 1, tripsOnline: i % 6 == 0 ? 1 : 0, handlingMinutes: 5 + 20 * random.next()))
}
var sites: [Site] = []
for j in 0..<siteCount {
    let isHall = j % 4 == 0
    sites.append(Site(id: "X\(j)", name: "X\(j)", kind: isHall ? .hall : .kiosk,
                      tier: isHall ? Tier.allCases[(j / 4) % 4] : nil, windows: isHall ? 2 + j % 7 : 1,
                      hours: isHall ? office : allWeek, services: nil, location: XY(0, 0)))
}
var cells: [Cell] = []
var offsets = [0]
var siteIndex: [Int32] = []
var minutes: [Double] = []
for c in 0..<cellCount {
    // About 3 million residents in all, whatever the number of cells.
    let meanPopulation = 3_000_000 / Double(max(cellCount, 1))
    cells.append(Cell(id: "c\(c)", area: nil, centroid: XY(0, 0), population: (2 * meanPopulation * random.next()).rounded(),
                      elderlyShare: 0.3 * random.next(), digitalShare: random.next()))
    // Sites "near" the cell: a window of the site list around the cell's position.
    let centre = c * siteCount / max(cellCount, 1)
    var seen = Set<Int>()
    for k in 0..<reachable {
        let j = (centre + k * 7 + Int(random.next() * 5)) % siteCount
        guard seen.insert(j).inserted else { continue } // a site appears once per row
        siteIndex.append(Int32(j))
        minutes.append((2 + 60 * random.next()).rounded())
    }
    offsets.append(siteIndex.count)
}
let video = Channel(id: "video", kind: .video, hours: office, services: .allOnline,
                    effortMinutes: 0, agents: 40, seats: 0, handlingMinutes: 20)
let web = Channel(id: "web", kind: .online, hours: allWeek, services: .allOnline,
                  effortMinutes: 15, agents: 0, seats: 0, handlingMinutes: 0)
let input = TwinInput(cells: cells, items: items, sites: sites, channels: [web, video],
                      travel: TwinTravel(offsets: offsets, site: siteIndex, minutes: minutes))
let clock = ContinuousClock()
let start = clock.now
do {
    guard mode != "none" else {
        print("input built: \(siteIndex.count) entries")
        exit(0)
    }
    let parameters = TwinParameters(logitScalePerMinute: mode == "logit" ? 0.1 : nil, threads: threads)
    let result = try TwinModel.solve(input, parameters: parameters)
    let elapsed = clock.now - start
    var checksum = 0.0
    for cell in result.cells { checksum += cell.travelMinutesPerResidentYear + cell.gapPopulation }
    for site in result.sites { checksum += site.completionsPerYear }
    print("cells \(cellCount) sites \(siteCount) entries \(siteIndex.count) groups \(result.capabilityGroups)",
          "threads \(threads) solve \(elapsed)",
          "converged \(result.convergence.converged) iterations \(result.convergence.iterations)",
          "lastChange \(result.convergence.lastMaxChangeMinutes)",
          "overloaded \(result.sites.filter(\.overloaded).count) checksum \(checksum)")
} catch {
    print("error: \(error)")
}
