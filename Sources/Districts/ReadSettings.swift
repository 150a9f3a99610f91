import Foundation
import Formats
import Model
import Yams

extension DistrictLoader {
    /// `district.yaml`: name, CRS, mode, speeds, thresholds, shares (DESIGN.md "Formats").
    func readSettings() throws -> DistrictSettings {
        let doc = try YAMLDocument(path: path("district.yaml"))
        var local: [InputError] = []
        let map = try CheckedMapping(doc, doc.root, file: "district.yaml", under: "", what: "district.yaml", problems: &local)
        var settings = DistrictSettings(name: "")
        func collect(_ body: () throws -> Void) {
            do { try body() } catch let error as InputError { local.append(error) } catch let errors as InputErrors {
                local.append(contentsOf: errors.errors)
            } catch {}
        }
        /// The mapping under `key`; its unknown keys are collected with the other problems.
        func nested(_ key: String, _ node: Node) throws -> CheckedMapping {
            var problems: [InputError] = []
            defer { local += problems }
            return try CheckedMapping(doc, node, file: "district.yaml", under: key, what: key, problems: &problems)
        }
        defaultedSettings = DistrictFormat.children(of: "", in: "district.yaml").filter { map.map[$0] == nil }
        guard let name = map["name"] else { throw InputErrors(local + [doc.error(doc.root, "missing 'name'")]) }
        collect { settings.name = try doc.string(name, "name") }
        if let crs = map["crs"] { collect { settings.crs = try doc.string(crs, "crs") } }
        if let mode = map["mode"] {
            collect {
                let text = try doc.string(mode, "mode")
                guard let value = TravelMode(rawValue: text) else {
                    throw doc.error(mode, "unknown mode '\(text)' (walk, bike or drive)")
                }
                settings.mode = value
            }
        }
        if let speeds = map["speeds_kmh"] {
            collect {
                for (key, value) in try nested("speeds_kmh", speeds).entries {
                    guard let mode = TravelMode(rawValue: key.scalar?.string ?? "") else { continue }
                    let text = mode.rawValue
                    let speed = try doc.number(value, "speeds_kmh.\(text)")
                    guard speed > 0 else { throw doc.error(value, "speeds_kmh.\(text) must be above 0") }
                    guard InputLimits.speedKmh.contains(speed) else {
                        throw doc.error(value, "speeds_kmh.\(text) is \(speed) km/h, outside \(InputLimits.speedKmh.lowerBound)...\(Int(InputLimits.speedKmh.upperBound))")
                    }
                    settings.speedsKmh[mode] = speed
                }
            }
        }
        if let value = map["detour_factor"] { collect { settings.detourFactor = try doc.number(value, "detour_factor", in: 1...10) } }
        if let value = map["max_snap_meters"] { collect { settings.maxSnapMeters = try doc.number(value, "max_snap_meters", in: 0...100_000) } }
        if let thresholds = map["thresholds_minutes"] {
            collect {
                let t = try nested("thresholds_minutes", thresholds)
                if let hall = t["hall"] { settings.hallThresholdMinutes = try doc.number(hall, "thresholds_minutes.hall", in: 0...1440) }
                if let kiosk = t["kiosk"] { settings.kioskThresholdMinutes = try doc.number(kiosk, "thresholds_minutes.kiosk", in: 0...1440) }
            }
        }
        if let value = map["elderly_share"] { collect { settings.elderlyShare = try doc.number(value, "elderly_share", in: 0...1) } }
        if let adoption = map["digital_adoption"] {
            collect {
                let a = try nested("digital_adoption", adoption)
                if let adults = a["adults"] { settings.digitalAdoptionAdults = try doc.number(adults, "digital_adoption.adults", in: 0...1) }
                if let elderly = a["elderly"] { settings.digitalAdoptionElderly = try doc.number(elderly, "digital_adoption.elderly", in: 0...1) }
            }
        }
        if let weights = map["twin_weights"] {
            collect {
                let w = try nested("twin_weights", weights)
                if let e = w["elderly"] { settings.twinWeightElderly = try doc.number(e, "twin_weights.elderly", in: 0...1000) }
                if let n = w["not_digital"] { settings.twinWeightNotDigital = try doc.number(n, "twin_weights.not_digital", in: 0...1000) }
                guard settings.twinWeightElderly + settings.twinWeightNotDigital >= 1 else {
                    throw doc.error(weights, "twin_weights: elderly + not_digital must be at least 1 (an elderly not-digital resident weighs their sum − 1)")
                }
            }
        }
        if let value = map["assisted"] { collect { settings.assisted = try readAssisted(doc, value, problems: &local) } }
        if let value = map["video_access"] { collect { settings.videoAccess = try readVideoAccess(doc, value) } }
        if let arrivals = map["arrivals"] { collect { settings.arrivals = try readArrivals(doc, try nested("arrivals", arrivals)) } }
        if let value = map["road_profile"] { collect { settings.roadProfiles = try roadProfiles(doc, value) } }
        if let value = map["dem"] { collect { settings.dem = try dem(doc, value) } }
        if let value = map["time_of_day"] { collect { settings.timeOfDay = try timeOfDay(doc, value, try nested("time_of_day", value)) } }
        if let value = map["establishments"] {
            collect { settings.establishments = try establishments(doc, try nested("establishments", value)) }
        }
        if let value = map["failed_visit_probability"] {
            collect { settings.failedVisitProbabilityByTier = try readFailedVisits(doc, try nested("failed_visit_probability", value)) }
        }
        if !local.isEmpty { throw InputErrors(local) }
        return settings
    }

    /// `road_profile`: one file name or a list, relative to the district folder; each must exist
    /// (its keys are checked when the roads are read, by the file's own lines).
    func roadProfiles(_ doc: YAMLDocument, _ node: Node) throws -> [String] {
        try doc.strings(node, "road_profile").map { name in
            let full = name.hasPrefix("/") ? name : path(name)
            guard FileManager.default.fileExists(atPath: full) else {
                throw InputError(.missingInput, file: doc.file, doc.line(node), "road_profile: no such file '\(name)' (relative to the district folder)")
            }
            return full
        }
    }

    /// `dem`: one file name, relative to the district folder, that must exist (its contents are
    /// read with the roads, and errors name the file).
    func dem(_ doc: YAMLDocument, _ node: Node) throws -> String {
        let name = try doc.string(node, "dem")
        let full = name.hasPrefix("/") ? name : path(name)
        guard !name.isEmpty, FileManager.default.fileExists(atPath: full) else {
            throw InputError(.missingInput, file: doc.file, doc.line(node), "dem: no such file '\(name)' (relative to the district folder)")
        }
        return full
    }

    /// `channels.yaml`: online, video and hotline channels. Unknown item ids are errors.
    func readChannels(services: [ServiceItem]) throws -> [Channel] {
        let doc = try YAMLDocument(path: path("channels.yaml"))
        var local: [InputError] = []
        let map = try CheckedMapping(doc, doc.root, file: "channels.yaml", under: "", what: "channels.yaml", problems: &local)
        guard let list = map["channels"]?.sequence else {
            throw InputErrors(local + [doc.error(doc.root, "expected 'channels:' with a list of channels")])
        }
        let itemIDs = Set(services.map(\.id))
        var channels: [Channel] = []
        var seen = Set<String>()
        for node in list {
            do {
                let c = try CheckedMapping(doc, node, file: "channels.yaml", under: "channels[]", what: "a channel", problems: &local)
                guard let idNode = c["id"] else { throw doc.error(node, "channel without 'id'") }
                let id = try doc.string(idNode, "id")
                guard seen.insert(id).inserted else { throw doc.error(idNode, "duplicate channel id '\(id)'") }
                guard let kindNode = c["kind"] else { throw doc.error(node, "channel '\(id)' has no 'kind'") }
                let kindText = try doc.string(kindNode, "kind")
                guard let kind = ChannelKind(rawValue: kindText) else {
                    throw doc.error(kindNode, "channel '\(id)': unknown kind '\(kindText)' (online, video or hotline)")
                }
                var hours = OpeningHours.alwaysOpen
                if let hoursNode = c["hours"] {
                    let text = try doc.string(hoursNode, "hours")
                    do { hours = try OpeningHours(parsing: text) } catch {
                        throw doc.error(hoursNode, "channel '\(id)': bad opening hours: \(error)")
                    }
                }
                var items = Channel.Items.allOnline
                if let servicesNode = c["services"] {
                    if servicesNode.scalar?.string == "all-online" || servicesNode.scalar?.string == "all" {
                        items = .allOnline
                    } else {
                        let ids = try doc.strings(servicesNode, "services")
                        for unknown in ids where !itemIDs.contains(unknown) {
                            local.append(doc.error(servicesNode, "channel '\(id)': unknown service id '\(unknown)'"))
                        }
                        items = .list(ids)
                    }
                }
                let effort = try c["effort_minutes"].map { try doc.number($0, "effort_minutes", in: 0...1440) } ?? 15
                let agents = try c["agents"].map { try doc.integer($0, "agents", minimum: 1, maximum: InputLimits.channelStaff.upperBound) } ?? (kind == .video ? 1 : 0)
                let seats = try c["seats"].map { try doc.integer($0, "seats", minimum: 1, maximum: InputLimits.channelStaff.upperBound) } ?? (kind == .hotline ? 1 : 0)
                let handling = try c["handling_minutes"].map { try doc.number($0, "handling_minutes", in: 0...1440) }
                    ?? (kind == .hotline ? 6 : 20)
                channels.append(Channel(id: id, kind: kind, hours: hours, services: items, effortMinutes: effort,
                                        agents: agents, seats: seats, handlingMinutes: handling))
            } catch let error as InputError {
                local.append(error)
            }
        }
        if !local.isEmpty { throw InputErrors(local) }
        return channels
    }
}
