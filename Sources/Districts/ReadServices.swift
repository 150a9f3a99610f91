import Formats
import Model

extension DistrictLoader {
    /// `services.csv`: the catalogue. Every bad row is reported with its line; bad rows are left out.
    func readServices() throws -> [ServiceItem] {
        let file = path("services.csv")
        var reader = try CSVReader(path: file)
        // The columns are DistrictFormat.keys' (required: id, name, per_1000_per_year, min_tier,
        // hall, kiosk, online, video, trips_hall, trips_kiosk, handling_minutes; optional:
        // trips_online, documents, time_limit_days, consult_per_completion).
        let columns = DistrictFormat.columns("services.csv")
        let required = Dictionary(uniqueKeysWithValues: zip(columns.required, try reader.columns(columns.required)))
        let optional = Dictionary(uniqueKeysWithValues: columns.optional.map { ($0, reader.optionalColumn($0)) })
        func column(_ name: String) -> Int { required[name] ?? 0 }
        var items: [ServiceItem] = []
        var seen: [String: Int] = [:]
        var local: [InputError] = []
        try reader.forEach { row in
            do {
                func text(_ c: Int) -> String { row.string(c).trimmingCharacters(in: .whitespaces) }
                func number(_ c: Int, _ name: String, minimum: Double = 0) throws -> Double {
                    guard let v = row.double(c), v.isFinite else {
                        throw InputError(file: file, .line(row.line), "\(name) '\(row.string(c))' is not a number")
                    }
                    guard v >= minimum else { throw InputError(file: file, .line(row.line), "\(name) is \(v); it must be at least \(minimum.cleanText)") }
                    return v
                }
                func flag(_ c: Int, _ name: String) throws -> Bool {
                    switch text(c) {
                    case "1", "true", "yes": return true
                    case "0", "false", "no", "": return false
                    default: throw InputError(file: file, .line(row.line), "\(name) '\(row.string(c))' must be 1 or 0")
                    }
                }
                let id = text(column("id"))
                guard !id.isEmpty else { throw InputError(file: file, .line(row.line), "empty id") }
                if let first = seen[id] { throw InputError(file: file, .line(row.line), "duplicate id '\(id)' (first on line \(first))") }
                seen[id] = row.line
                guard let tier = Tier(rawValue: text(column("min_tier"))) else {
                    throw InputError(file: file, .line(row.line), "min_tier '\(row.string(column("min_tier")))' is not one of community, street, district, city")
                }
                func opt(_ name: String) throws -> Double {
                    guard let c = optional[name] ?? nil, !row.isEmpty(c) else { return 0 }
                    return try number(c, name)
                }
                let item = ServiceItem(
                    id: id, name: text(column("name")),
                    perThousandPerYear: try number(column("per_1000_per_year"), "per_1000_per_year"), minTier: tier,
                    hall: try flag(column("hall"), "hall"), kiosk: try flag(column("kiosk"), "kiosk"),
                    online: try flag(column("online"), "online"), video: try flag(column("video"), "video"),
                    tripsHall: try number(column("trips_hall"), "trips_hall"), tripsKiosk: try number(column("trips_kiosk"), "trips_kiosk"),
                    tripsOnline: try opt("trips_online"),
                    handlingMinutes: try number(column("handling_minutes"), "handling_minutes"),
                    documents: try opt("documents"), timeLimitDays: try opt("time_limit_days"),
                    consultPerCompletion: try opt("consult_per_completion"),
                    perEstablishmentPerYear: try opt("per_establishment_per_year"))
                if !(item.hall || item.kiosk || item.online || item.video) {
                    throw InputError(file: file, .line(row.line), "item '\(id)' has no channel that can complete it")
                }
                items.append(item)
            } catch let error as InputError {
                local.append(error)
            }
        }
        if items.isEmpty && local.isEmpty { local.append(InputError(file: file, .file, "has no service items")) }
        if !local.isEmpty { throw InputErrors(local) }
        return items
    }
}

extension Double {
    var cleanText: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : "\(self)" }
}
