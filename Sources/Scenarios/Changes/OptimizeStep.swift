import Model
import Yams

/// `optimize`: the scenario step that places new sites (site selection). Applying it only
/// queues it: the run places the sites after the other changes, once travel times are known.
public struct OptimizeStep: ScenarioChange {
    static let key = "optimize"
    public var model: String
    public var kind: SiteKind
    public var p: Int
    public var radiusMinutes: Double?
    /// `candidates.geojson` of the district, or a file relative to the scenario.
    public var candidates: String?
    public var tier: Tier?
    /// LSCP: leave out the cells no site reaches within the radius (else the step is refused).
    public var allowUncovered: Bool = false

    static let models = ["mclp", "pmedian", "lscp", "pcenter", "twin"]

    static func parse(from body: ChangeBody) throws -> OptimizeStep {
        let m = try body.fields(["model", "kind", "p", "radius_minutes", "candidates", "tier", "allow_uncovered"])
        let model = try body.doc.string(try body.required(m, "model"), "model")
        guard models.contains(model) else {
            throw body.error(m["model"], "optimize: unknown model '\(model)' (mclp, pmedian, lscp, pcenter or twin)")
        }
        let kindText = try body.optionalString(m, "kind") ?? "hall"
        guard let siteKind = SiteKind(rawValue: kindText) else { throw body.error(m["kind"], "optimize: unknown kind '\(kindText)' (hall or kiosk)") }
        return OptimizeStep(model: model, kind: siteKind,
                            p: try m["p"].map { try body.doc.integer($0, "p", minimum: 1) } ?? 1,
                            radiusMinutes: try body.optionalNumber(m, "radius_minutes", in: 0...1440),
                            candidates: try body.optionalString(m, "candidates"),
                            tier: try m["tier"].map(body.tier),
                            allowUncovered: try m["allow_uncovered"].map { n in
                                guard let b = n.scalar.flatMap({ Bool($0.string) }) else {
                                    throw body.error(n, "optimize: 'allow_uncovered' must be true or false")
                                }
                                return b
                            } ?? false)
    }

    func apply(to state: inout ScenarioState) {
        state.applied.optimizeSteps.append((state.line, self))
    }
}
