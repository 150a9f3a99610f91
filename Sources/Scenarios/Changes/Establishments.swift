import Model
import Yams

/// `establishments`: business demand for a district whose population layer counts no
/// establishments (or other rates for one that does): `per_1000_residents` establishments in
/// every cell in proportion to its residents, `rates` the business items' completions per
/// establishment per year (item id: rate), and the `digital_share` and `hours` of
/// `district.yaml`'s `establishments`.
public struct Establishments: ScenarioChange {
    static let key = "establishments"
    public var perThousandResidents: Double?
    public var rates: [(item: String, perYear: Double)]
    public var digitalShare: Double?
    public var hours: OpeningHours?

    static func parse(from body: ChangeBody) throws -> Establishments {
        let m = try body.fields(["per_1000_residents", "rates", "digital_share", "hours"])
        var rates: [(String, Double)] = []
        if let node = m["rates"] {
            for (key, value) in try body.doc.mapping(node, "establishments.rates") {
                let id = try body.doc.string(key, "item id")
                rates.append((id, try body.doc.number(value, "establishments.rates.\(id)", in: 0...10_000)))
            }
        }
        return Establishments(perThousandResidents: try body.optionalNumber(m, "per_1000_residents", in: 0...1_000_000),
                              rates: rates, digitalShare: try body.optionalNumber(m, "digital_share", in: 0...1),
                              hours: try m["hours"].map(body.hours))
    }

    func check(against district: District) -> String? {
        district.unknownItemsProblem(rates.map(\.item))
    }

    func apply(to state: inout ScenarioState) {
        if let perThousandResidents {
            for i in state.district.cells.indices {
                state.district.cells[i].establishments = state.district.cells[i].population * perThousandResidents / 1000
            }
        }
        for (id, rate) in rates {
            guard let i = state.district.services.firstIndex(where: { $0.id == id }) else { continue }
            state.district.services[i].perEstablishmentPerYear = rate
        }
        var settings = state.district.settings.establishments ?? EstablishmentSettings()
        if let digitalShare { settings.digitalShare = digitalShare }
        if let hours { settings.hours = hours }
        state.district.settings.establishments = settings
        let count = state.district.cells.reduce(0) { $0 + $1.establishments }
        state.log("establishments: \(Int(count.rounded())) in the district, business rates for \(rates.map(\.item).joined(separator: ", "))")
    }
}
