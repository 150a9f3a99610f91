import Formats
import Model

extension DistrictLoader {
    /// `services.csv`: the catalogue. Every bad row is reported with its line; bad rows are left out.
    func readServices() throws -> [ServiceItem] {
        let file = path("services.csv")
        var reader = try CSVReader(path: file)
        // The columns are DistrictFormat.keys' (required: id, name, per_1000_per_year, min_tier,
        // hall, kiosk, online, video, trips_hall, trips_kiosk, handling_minutes; optional:
        // trips_online, documents, time_limit_days, consult_per_completion, failed_visit_probability,
        // inspection_minutes, inspection_days, inspection_at_hall, proactive, document_ids).
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
                func optFlag(_ name: String) throws -> Bool {
                    guard let c = optional[name] ?? nil else { return false }
                    return try flag(c, name)
                }
                let failed = try opt("failed_visit_probability")
                guard failed < 1 else {
                    throw InputError(file: file, .line(row.line), "failed_visit_probability is \(failed.cleanText); it must be below 1 (the chance that a visit does not complete)")
                }
                /// `document_ids`: the papers by id, `;`-separated; `documents`, when also given, must count them.
                func documentIds(_ c: Int?, documents: Int?) throws -> [String] {
                    guard let c, !row.isEmpty(c) else { return [] }
                    let ids = text(c).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    if ids.contains(where: \.isEmpty) { throw InputError(file: file, .line(row.line), "document_ids '\(row.string(c))' has an empty id") }
                    if Set(ids).count != ids.count { throw InputError(file: file, .line(row.line), "document_ids '\(row.string(c))' names a paper twice") }
                    if let d = documents, !row.isEmpty(d), row.double(d) != Double(ids.count) {
                        throw InputError(file: file, .line(row.line), "documents is \(row.string(d)) but document_ids lists \(ids.count) paper(s)")
                    }
                    return ids
                }
                var item = ServiceItem(
                    id: id, name: text(column("name")),
                    perThousandPerYear: try number(column("per_1000_per_year"), "per_1000_per_year"), minTier: tier,
                    hall: try flag(column("hall"), "hall"), kiosk: try flag(column("kiosk"), "kiosk"),
                    online: try flag(column("online"), "online"), video: try flag(column("video"), "video"),
                    tripsHall: try number(column("trips_hall"), "trips_hall"), tripsKiosk: try number(column("trips_kiosk"), "trips_kiosk"),
                    tripsOnline: try opt("trips_online"),
                    handlingMinutes: try number(column("handling_minutes"), "handling_minutes"),
                    documents: try opt("documents"), timeLimitDays: try opt("time_limit_days"),
                    consultPerCompletion: try opt("consult_per_completion"), failedVisitProbability: failed,
                    inspectionMinutes: try opt("inspection_minutes"), inspectionDays: try opt("inspection_days"),
                    inspectionAtHall: try optFlag("inspection_at_hall"), proactive: try optFlag("proactive"),
                    perEstablishmentPerYear: try opt("per_establishment_per_year"))
                item.documentIds = try documentIds(optional["document_ids"] ?? nil, documents: optional["documents"] ?? nil)
                if !item.documentIds.isEmpty { item.documents = Double(item.documentIds.count) }
                if !(item.hall || item.kiosk || item.online || item.video || item.proactive) {
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
