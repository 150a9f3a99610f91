import Model

/// What the kernel reads for the assisted hand-in (帮办代办 / 收件-转办) and video desks: per site
/// whether it accepts hand-ins and whether it has a video desk (both only when available), and
/// per (site, capability group) the hall that processes what the site accepts (-1: it accepts
/// nothing of that group).
struct AssistedArrays: Sendable {
    let acceptsHandIns: Flat<Bool>
    let hasDesk: Flat<Bool>
    /// Row-major `site · groupCount + group`.
    let backOffice: Flat<Int32>
    /// Resident trips per hand-in, and desk staff minutes per hand-in.
    let trips: Double, frontMinutes: Double
    let videoAccess: VideoAccess

    init(_ input: TwinInput, _ p: TwinParameters, siteAvailable: [Bool], groups: CapabilityGroups) {
        let accepts = input.sites.indices.map { siteAvailable[$0] && TwinRules.acceptsHandIns(input.sites[$0], assisted: p.assisted) }
        let desk = input.sites.indices.map { siteAvailable[$0] && p.videoAccess == .desk && TwinRules.hasVideoDesk(input.sites[$0]) }
        let g = groups.members.count
        var back = [Int32](repeating: -1, count: input.sites.count * g)
        for (j, accepting) in accepts.enumerated() where accepting {
            for (k, members) in groups.members.enumerated() {
                let office = TwinRules.backOffice(front: j, capable: members.map { Int($0) }, sites: input.sites,
                                                  siteDistrict: input.siteDistrict)
                if let office { back[j * g + k] = Int32(office) }
            }
        }
        acceptsHandIns = Flat(accepts)
        hasDesk = Flat(desk)
        backOffice = Flat(back)
        trips = p.assisted?.trips ?? 0
        frontMinutes = p.assisted?.frontMinutes ?? 0
        videoAccess = p.videoAccess
    }
}
