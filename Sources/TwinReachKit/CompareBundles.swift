import Formats

/// The 一件事一次办 part of `compare`: per case figures of every bundle of either run. A run
/// without the bundle does its items separately: its side shows the other run's `*_before`
/// figures (separate counter visits), and says so.
enum CompareBundles {
    static let figures: [(label: String, key: String)] = [("trips per case", "trips"), ("papers per case", "documents"),
                                                         ("promised days per case", "days")]

    /// The section for compare.md, with its rows appended to `csv` (empty when neither run has a bundle).
    static func section(_ a: JSONValue, _ b: JSONValue, csv: inout String) -> String {
        func bundles(_ root: JSONValue) -> [(id: String, node: JSONValue)] {
            (root["bundles"]?.array ?? []).compactMap { node in node["id"]?.string.map { ($0, node) } }
        }
        let inA = bundles(a), inB = bundles(b)
        var ids = inA.map(\.id)
        for (id, _) in inB where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty else { return "" }
        let unit = CompareUnit.perResidentYear
        var md = "\n## 一件事一次办 bundles, per case\n\nA run without the bundle does its items at separate counters: its side shows the other run's figures before the bundle (marked *separate*).\n\n| bundle | figure | a | b | change | change % |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
        for id in ids {
            let x = inA.first { $0.id == id }?.node, y = inB.first { $0.id == id }?.node
            let name = (y ?? x)?["name"]?.string ?? id
            for (label, key) in figures {
                func value(_ node: JSONValue?, _ when: String) -> Double? { node?["per_case"]?["\(key)_\(when)"]?.number }
                let va = x != nil ? value(x, "after") : value(y, "before")
                let vb = y != nil ? value(y, "after") : value(x, "before")
                let sa = unit.value(va) + (x == nil ? " (separate)" : ""), sb = unit.value(vb) + (y == nil ? " (separate)" : "")
                md += "| \(CompareCommand.escape(name)) (\(CompareCommand.escape(id))) | \(label) | \(sa) | \(sb) | \(unit.change(from: va, to: vb)) | \(unit.relativeText(from: va, to: vb)) |\n"
                let delta = va.flatMap { p in vb.map { $0 - p } }
                csv += "\(CompareCommand.csvLabel("bundle \(id) \(label)")),\(number(va)),\(number(vb)),\(number(delta)),\(number(unit.relative(from: va, to: vb).map { $0 / 100 }))\n"
            }
        }
        return md
    }

    static func number(_ x: Double?) -> String { x.map { GeoJSONWriter.number(($0 * 1e4).rounded() / 1e4) } ?? "" }
}
