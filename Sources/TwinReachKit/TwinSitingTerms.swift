import Model
import Siting
import TwinSpace

/// The twin-aware site-selection objective of a district, as `TwinTerms` over a
/// `SitingInstance` whose sites are the candidates (new sites like `newSite`) followed by the
/// district's existing sites (fixed, open).
///
/// ## Definition
/// For cell `c`, resident segment `s` and item `k`, with `t(c, j)` the one-way minutes:
/// - **Segments** as `TwinModel` splits them: digital / not digital, each part adult or elderly
///   (the elderly adopt at the district's `digital_adoption.elderly / adults` ratio). A resident
///   weighs `1 + (W_e − 1)·[elderly] + (W_n − 1)·[not digital]` (`twin_weights`), so the digital
///   segment weighs `adults_digital + W_e·elderly_digital` and the not-digital one
///   `W_n·adults_not_digital + (W_e + W_n − 1)·elderly_not_digital` (per resident of the cell).
/// - **Remote cost** `r_csk` (minutes per completion): the least of online (digital segment only,
///   item online-eligible, some available online channel handling it: its least effort) and
///   video (item video-eligible, an available video channel with agents: its least handling
///   minutes), each plus `trips_online × 2 × t` to the nearest capable EXISTING hall for a
///   现场勘查 item (`trips_online > 0`; no such hall: the option is unavailable). New halls are
///   not counted in that part — an approximation that keeps the objective separable.
/// - **Other kind.** Sites of the kind not being placed are all existing: their in-person cost
///   `trips_other × 2 × t` to the nearest capable one is a constant of the cell and joins the cap.
/// - **In-person cost** at the kind being placed, with open sites `S` (existing ones and the
///   chosen candidates): `trips × 2 × min_{j ∈ S capable} t(c, j)` (`trips_hall` or
///   `trips_kiosk`). Queue waits are ignored: a planning-time objective that does not depend on
///   loads (the run that follows computes them).
/// - **Objective** = Σ_c Σ_s Σ_k weight_s × pop_cs × demand_k/1000 × min(cap_csk, in-person_csk(S))
///   with cap = min(remote, other kind), in weighted generalized minutes per year. Items with the
///   same capable sites of the placed kind, trips and cap form one term per (cell, segment).
///   A (cell, segment, item) with no option at all (infinite cap, no capable open site within
///   the travel cut-off) is left out and reported as unreached weighted completions; the search
///   gives such terms an option first when it can.
///
/// Availability follows `TwinModel` (the default 07:00–22:00 activity window): a site needs ≥ 1
/// window and opening hours inside the window; a channel needs hours inside it (video: ≥ 1
/// agent). The 跨区通办 restriction is not applied: every listed hall may serve.
enum TwinSitingTerms {
    static func build(instance: SitingInstance, cells: [Cell], items: [ServiceItem], channels: [Channel],
                      existing: [Site], newSite: Site, settings: DistrictSettings) -> TwinTerms {
        precondition(cells.count == instance.cellCount && instance.candidateCount + existing.count == instance.siteCount)
        let window = ActivityWindow.daytime
        let kind = newSite.kind
        let available = existing.map { $0.windows >= 1 && window.openMinutesPerWeek($0.hours) > 0 }
        let channelAvailable = channels.map { channel -> Bool in
            guard window.openMinutesPerWeek(channel.hours) > 0 else { return false }
            return channel.kind != .video || channel.agents >= 1
        }
        let siteCount = instance.siteCount, candidates = instance.candidateCount

        // Distinct site masks: the placed kind's capable sites (term groups), and the existing
        // capable sites of the other kind and existing capable halls (constants per cell).
        var groupSites: [[Bool]] = [], groupIndex: [[Bool]: Int] = [:]
        var fixedMasks: [[Bool]] = [], fixedIndex: [[Bool]: Int] = [:]
        func intern(_ mask: [Bool], _ list: inout [[Bool]], _ index: inout [[Bool]: Int]) -> Int {
            if let g = index[mask] { return g }
            index[mask] = list.count
            list.append(mask)
            return list.count - 1
        }
        struct ItemRule { var group: Int; var otherMask: Int; var hallMask: Int; var perResident: Double
                          var multiplier: Double; var otherTrips: Double; var tripsOnline: Double
                          var online: Double; var video: Double }
        var rules: [ItemRule] = []
        for item in items where item.perThousandPerYear > 0 {
            var placed = [Bool](repeating: false, count: siteCount)
            var other = [Bool](repeating: false, count: siteCount)
            var halls = [Bool](repeating: false, count: siteCount)
            if newSite.handles(item) { for j in 0..<candidates { placed[j] = true } }
            for (e, site) in existing.enumerated() where available[e] && site.handles(item) {
                let j = candidates + e
                if site.kind == kind { placed[j] = true } else { other[j] = true }
                if site.kind == .hall { halls[j] = true }
            }
            var online = Double.infinity, video = Double.infinity
            for (k, channel) in channels.enumerated() where channelAvailable[k] && channel.handles(item) {
                switch channel.kind {
                case .online: online = min(online, channel.effortMinutes)
                case .video: video = min(video, channel.handlingMinutes)
                case .hotline: break
                }
            }
            rules.append(ItemRule(group: intern(placed, &groupSites, &groupIndex),
                                  otherMask: intern(other, &fixedMasks, &fixedIndex), hallMask: intern(halls, &fixedMasks, &fixedIndex),
                                  perResident: item.perThousandPerYear / 1000,
                                  multiplier: 2 * (kind == .hall ? item.tripsHall : item.tripsKiosk),
                                  otherTrips: kind == .hall ? item.tripsKiosk : item.tripsHall, tripsOnline: item.tripsOnline,
                                  online: online, video: video))
        }

        let ratio: Double? = settings.digitalAdoptionAdults > 0 ? settings.digitalAdoptionElderly / settings.digitalAdoptionAdults : nil
        let we = settings.twinWeightElderly, wn = settings.twinWeightNotDigital
        var termCells: [Int32] = [], weights: [Double] = [], multipliers: [Double] = [], caps: [Double] = [], groups: [Int32] = []
        var nearest = [Double](repeating: .infinity, count: fixedMasks.count)
        for (i, cell) in cells.enumerated() {
            // Nearest existing capable site of each fixed mask (rows are sorted by minutes).
            for m in fixedMasks.indices {
                nearest[m] = .infinity
                for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] where fixedMasks[m][Int(instance.rowSites[k])] {
                    nearest[m] = instance.rowMinutes[k]
                    break
                }
            }
            let d = cell.digitalShare, e = cell.elderlyShare
            let elderlyDigital: Double
            if let r = ratio {
                elderlyDigital = e * min(1, r * d / max((1 - e) + e * r, 1e-12))
            } else {
                elderlyDigital = e - min(e, 1 - d)
            }
            let elderlyNotDigital = max(0, e - elderlyDigital)
            let adultDigital = max(0, d - elderlyDigital)
            let adultNotDigital = max(0, 1 - e - adultDigital)
            let segmentWeights = [cell.population * (adultDigital + we * elderlyDigital),
                                  cell.population * (wn * adultNotDigital + (we + wn - 1) * elderlyNotDigital)]
            for (s, segmentWeight) in segmentWeights.enumerated() where segmentWeight > 0 {
                // Items with equal (group, multiplier, cap) share one term, in first-seen order.
                var keys: [(group: Int, multiplier: Double, cap: Double)] = []
                var sums: [Double] = []
                for rule in rules {
                    let hall = nearest[rule.hallMask]
                    let extra = rule.tripsOnline > 0 ? (hall.isFinite ? rule.tripsOnline * 2 * hall : .infinity) : 0
                    var cap = min(s == 0 ? rule.online + extra : .infinity, rule.video + extra)
                    let other = nearest[rule.otherMask]
                    if other.isFinite { cap = min(cap, rule.otherTrips * 2 * other) }
                    let w = segmentWeight * rule.perResident
                    if let at = keys.firstIndex(where: { $0.group == rule.group && $0.multiplier == rule.multiplier && $0.cap == cap }) {
                        sums[at] += w
                    } else {
                        keys.append((rule.group, rule.multiplier, cap))
                        sums.append(w)
                    }
                }
                for (n, key) in keys.enumerated() where sums[n] > 0 {
                    termCells.append(Int32(i))
                    weights.append(sums[n])
                    multipliers.append(key.multiplier)
                    caps.append(key.cap)
                    groups.append(Int32(key.group))
                }
            }
        }
        return TwinTerms(cells: termCells, weights: weights, multipliers: multipliers, caps: caps, groups: groups,
                         groupSites: groupSites)
    }
}
