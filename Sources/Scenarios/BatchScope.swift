import Foundation
import Model

/// Which changes a batch (`twinreach batch`) may apply to every district it finds: those that
/// name nothing of one district (channel shifts, digital adoption, thresholds, mode, item
/// reforms, optimize over each district's own candidates). A change that names one district's
/// sites, subdistricts, places, files or neighbours is refused before anything runs.
extension Change {
    /// Why this change cannot be applied to every district of a batch, or nil when it can.
    public var oneDistrictReason: String? {
        switch kind {
        case let c as AddSite: return "add_site places site '\(c.site.id)' at coordinates of one district"
        case let c as CloseSite: return "close_site names site '\(c.id)' of one district"
        case let c as ModifySite: return "modify_site names site '\(c.id)' of one district"
        case is AddKiosks: return "add_kiosks places kiosks at coordinates of one district"
        case let c as GrowPopulation:
            switch c.area {
            case .everywhere: return nil
            case .subdistrict(let id): return "grow_population names subdistrict '\(id)' of one district"
            case .polygon: return "grow_population names a polygon of one district"
            }
        case is CrossDistrict: return "cross_district names the neighbours of one district"
        case let c as OptimizeStep:
            return c.candidates == nil ? nil
                : "optimize names the candidates file '\(c.candidates ?? "")' (leave 'candidates' out: each district's candidates.geojson is used)"
        default: return nil
        }
    }
}

extension Scenario {
    /// Every change a batch cannot apply to each district, as `scenario.yaml:LINE: ...` (exit 65),
    /// after the changes that could not be parsed.
    public var batchProblems: [InputError] {
        problems + changes.compactMap { change in
            change.oneDistrictReason.map {
                InputError(.badData, file: path, .line(change.line),
                           "\($0): a batch applies its changes to every district; give only changes that name nothing of one district")
            }
        }
    }

    /// This scenario with its changes applied to another district folder (a batch's district).
    public func forDistrict(_ folder: String) -> Scenario {
        var copy = self
        copy.districtPath = folder
        return copy
    }
}
