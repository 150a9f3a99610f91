import Model

/// A two-column table `id,<value>` (population `id,pop`, supply `id,capacity`): ids interned in
/// file order, one value per id.
public struct KeyedValues: Sendable {
    public var ids: IdTable
    public var values: [Double]
}

public enum KeyedTableReader {
    /// Reads `path` with columns `id` and `valueColumn` (others ignored). Every value must be a
    /// finite number >= 0 and every id unique and non-empty; otherwise a `badData` error names
    /// the line.
    /// `maximum` refuses larger values (residents per cell, `InputLimits.maxPopulation`).
    public static func read(path: String, valueColumn: String, maximum: Double = .infinity) throws -> KeyedValues {
        var reader = try CSVReader(path: path)
        let columns = try reader.columns(["id", valueColumn])
        let idColumn = columns[0], valueIndex = columns[1]
        var ids = IdTable(minimumCapacity: 1024)
        var values: [Double] = []
        var firstLine: [Int] = []
        try reader.forEach { record in
            let line = record.line
            if record.isEmpty(idColumn) { throw InputError(file: path, .line(line), "id is empty") }
            let (index, inserted) = record.withBytes(idColumn) { ids.insert($0) }
            if !inserted {
                throw InputError(file: path, .line(line),
                                 "id '\(record.string(idColumn))' appears twice (first on line \(firstLine[index]))")
            }
            guard !record.isEmpty(valueIndex) else {
                throw InputError(file: path, .line(line), "\(valueColumn) is empty")
            }
            guard let value = record.double(valueIndex), !value.isNaN else {
                throw InputError(file: path, .line(line), "\(valueColumn) '\(record.string(valueIndex))' is not a number")
            }
            guard value.isFinite else {
                throw InputError(file: path, .line(line), "\(valueColumn) '\(record.string(valueIndex))' is not finite")
            }
            guard value >= 0 else {
                throw InputError(file: path, .line(line), "\(valueColumn) \(record.string(valueIndex)) is negative")
            }
            guard value <= maximum else {
                throw InputError(file: path, .line(line), valueColumn == "pop" ? InputLimits.populationMessage(value)
                                 : "\(valueColumn) \(record.string(valueIndex)) is above \(maximum)")
            }
            values.append(value)
            firstLine.append(line)
        }
        return KeyedValues(ids: ids, values: values)
    }
}
