import Districts
import Model
import Yams

/// `bundle`, 一件事一次办: a life event's items done as one case. Its fields are those of a
/// `bundles.yaml` entry (docs/district-format.md): its own event rate, each item's take-up, the
/// channels and trips by policy, papers shared once, promised days along the items' order.
public struct Bundle: ScenarioChange {
    static let key = "bundle"
    public var bundle: EventBundle

    static func parse(from body: ChangeBody) throws -> Bundle {
        Bundle(bundle: try BundleYAML.parse(body.doc, body.node, prefix: "bundle: "))
    }

    /// Unknown items, a taken id, or a member whose standalone demand would fall below zero.
    func check(against district: District) -> String? {
        var trial = district
        return trial.add(bundle)
    }

    func apply(to state: inout ScenarioState) {
        _ = state.district.add(bundle)
        state.log("bundled \(bundle.members.map(\.item).joined(separator: ", ")) into \(bundle.id) (\(District.text(bundle.eventsPerThousandPerYear)) cases per 1,000 a year)")
    }
}
