import Accessibility
import Foundation
import Formats
import Model

/// The accessibility measures `twinreach measure` computes (DESIGN.md, command contract).
public enum MeasureName: String, Sendable, CaseIterable {
    case fca
    case twoStage = "2sfca"
    case enhancedTwoStage = "e2sfca"
    case gaussianTwoStage = "g2sfca"
    case threeStage = "3sfca"
    case raam
    case gravity
    case cumulative
    case nearest
}

/// Everything `twinreach measure` takes; unset parameters take PySAL's defaults.
public struct MeasureOptions: Sendable {
    public var populationPath: String
    public var supplyPath: String
    public var matrixPath: String
    public var measure: MeasureName
    /// PySAL's `max_cost`: pairs with minutes <= this take part (nil: every pair).
    public var maxMinutes: Double?
    /// Step weights as `"10:1,20:0.68,30:0.22"` (e2sfca, 3sfca).
    public var steps: String?
    public var sigmaMinutes: Double?
    public var scaleMinutes: Double?
    public var alpha: Double?
    public var minMinutes: Double?
    public var tauMinutes: Double?
    public var normalize: Bool
    /// The cell → cell table `fca` needs.
    public var neighborsPath: String?
    public var outputPath: String
    /// Threads that parse the matrix (results do not depend on it).
    public var threads: Int

    public init(populationPath: String, supplyPath: String, matrixPath: String, measure: MeasureName,
                maxMinutes: Double? = nil, steps: String? = nil, sigmaMinutes: Double? = nil,
                scaleMinutes: Double? = nil, alpha: Double? = nil, minMinutes: Double? = nil,
                tauMinutes: Double? = nil, normalize: Bool = false, neighborsPath: String? = nil,
                outputPath: String, threads: Int = 2) {
        self.populationPath = populationPath
        self.supplyPath = supplyPath
        self.matrixPath = matrixPath
        self.measure = measure
        self.maxMinutes = maxMinutes
        self.steps = steps
        self.sigmaMinutes = sigmaMinutes
        self.scaleMinutes = scaleMinutes
        self.alpha = alpha
        self.minMinutes = minMinutes
        self.tauMinutes = tauMinutes
        self.normalize = normalize
        self.neighborsPath = neighborsPath
        self.outputPath = outputPath
        self.threads = threads
    }
}

/// One value per cell, with the cell ids.
public struct MeasureValues: Sendable {
    public var ids: IdTable
    public var values: [Double]

    public func value(of id: String) -> Double? { ids.index(of: id).map { values[$0] } }
}

/// What the computation needs from the options, checked before any file is read.
struct MeasurePlan {
    var maxMinutes: Double?
    var weight: DistanceWeight = .uniform
    var tauMinutes: Double = 60
}

public enum Measure {
    /// Reads the tables, computes the measure and writes `id,value` sorted by id (byte order)
    /// to `options.outputPath` through a temporary file; it replaces only a file measure wrote
    /// (see `OutputFile`).
    public static func run(_ options: MeasureOptions) throws {
        var inputs: [OutputFolder.Input] = [("the population file", options.populationPath), ("the supply file", options.supplyPath),
                                            ("the matrix file", options.matrixPath)]
        if let neighbors = options.neighborsPath { inputs.append(("the neighbours file", neighbors)) }
        try OutputFile.measure.checkReplaceable(options.outputPath, inputs: inputs)  // before the work, not after
        let result = try compute(options)
        try OutputFile.measure.checkReplaceable(options.outputPath, inputs: inputs)
        try AtomicFile.write(csv(result), to: options.outputPath)
    }

    /// Reads the tables and computes the measure (no output written).
    public static func compute(_ options: MeasureOptions) throws -> MeasureValues {
        let plan = try validate(options)
        let population = try KeyedTableReader.read(path: options.populationPath, valueColumn: "pop", maximum: InputLimits.maxPopulation)
        let supply = try KeyedTableReader.read(path: options.supplyPath, valueColumn: "capacity")
        let neighbors: PairMatrix? = try options.neighborsPath.map {
            try PairMatrixReader.read(path: $0, origins: population.ids, destinations: population.ids,
                                      unknownDestinations: .drop, threads: options.threads)
        }
        let matrix = try PairMatrixReader.read(path: options.matrixPath, origins: population.ids,
                                               destinations: supply.ids, unknownDestinations: .add,
                                               threads: options.threads)
        let input = AccessInput(population: population.values, capacity: supply.values,
                                siteCount: supply.ids.count + matrix.extraDestinations.count,
                                pairs: travelPairs(matrix))
        var values: [Double]
        switch options.measure {
        case .fca:
            values = AccessMeasures.fcaRatio(input, neighbors: neighbors.map(travelPairs) ?? TravelPairs(segments: []),
                                             maxMinutes: plan.maxMinutes, threads: options.threads)
        case .twoStage, .enhancedTwoStage, .gaussianTwoStage:
            values = AccessMeasures.twoStageFCA(input, maxMinutes: plan.maxMinutes, weight: plan.weight, threads: options.threads)
        case .threeStage:
            values = AccessMeasures.threeStageFCA(input, maxMinutes: plan.maxMinutes, weight: plan.weight, threads: options.threads)
        case .raam:
            values = AccessMeasures.raam(input, parameters: RAAMParameters(tauMinutes: plan.tauMinutes), threads: options.threads)
        case .gravity, .cumulative:
            values = AccessMeasures.weightedCatchment(input, maxMinutes: plan.maxMinutes, weight: plan.weight, threads: options.threads)
        case .nearest:
            values = AccessMeasures.nearestMinutes(input, maxMinutes: plan.maxMinutes)
        }
        if options.normalize { values = AccessMeasures.normalized(values, population: population.values) }
        return MeasureValues(ids: population.ids, values: values)
    }

    static func travelPairs(_ matrix: PairMatrix) -> TravelPairs {
        TravelPairs(segments: matrix.segments)
    }

    /// Checks that the flags fit the measure (usage errors, exit 64) and picks the weight.
    static func validate(_ options: MeasureOptions) throws -> MeasurePlan {
        let name = options.measure.rawValue
        func usage(_ flag: String, _ message: String) -> InputError {
            InputError(.usage, file: flag, .file, message)
        }
        func only(_ flag: String, _ value: Any?, for measures: [MeasureName]) throws {
            if value != nil, !measures.contains(options.measure) {
                throw usage(flag, "applies to \(measures.map(\.rawValue).joined(separator: ", ")) only, not \(name)")
            }
        }
        try only("--neighbors", options.neighborsPath, for: [.fca])
        try only("--steps", options.steps, for: [.enhancedTwoStage, .threeStage])
        try only("--sigma", options.sigmaMinutes, for: [.gaussianTwoStage])
        try only("--scale", options.scaleMinutes, for: [.gravity])
        try only("--alpha", options.alpha, for: [.gravity])
        try only("--min-minutes", options.minMinutes, for: [.gravity])
        try only("--tau", options.tauMinutes, for: [.raam])
        try only("--max-minutes", options.maxMinutes, for: MeasureName.allCases.filter { $0 != .raam })
        var plan = MeasurePlan(maxMinutes: options.maxMinutes)
        if let limit = options.maxMinutes, limit.isNaN { throw usage("--max-minutes", "must be a number") }
        switch options.measure {
        case .fca:
            if options.neighborsPath == nil { throw usage("--neighbors", "fca needs the cell-to-cell table --neighbors N.csv") }
        case .enhancedTwoStage, .threeStage:
            var steps = options.measure == .threeStage ? StepWeight.threeStageDefault : StepWeight.enhancedDefault
            if let text = options.steps { steps = try parseSteps(text) }
            plan.weight = .step(steps)
        case .gaussianTwoStage:
            guard let sigma = options.sigmaMinutes else { throw usage("--sigma", "g2sfca needs the gaussian width in minutes") }
            guard sigma.isFinite, sigma != 0 else { throw usage("--sigma", "must be a finite non-zero number of minutes") }
            plan.weight = .gaussian(GaussianWeight(sigmaMinutes: sigma))
        case .gravity:
            guard let scale = options.scaleMinutes, let alpha = options.alpha else {
                throw usage(options.scaleMinutes == nil ? "--scale" : "--alpha", "gravity needs --scale and --alpha")
            }
            let minimum = options.minMinutes ?? 0
            guard scale.isFinite, scale != 0 else { throw usage("--scale", "must be a finite non-zero number of minutes") }
            guard alpha.isFinite else { throw usage("--alpha", "must be a finite number") }
            guard minimum.isFinite, minimum >= 0 else { throw usage("--min-minutes", "must be a number >= 0") }
            plan.weight = .gravity(GravityWeight(scaleMinutes: scale, alpha: alpha, minMinutes: minimum))
        case .raam:
            let tau = options.tauMinutes ?? 60
            guard tau.isFinite, tau > 0 else { throw usage("--tau", "must be a number of minutes > 0") }
            plan.tauMinutes = tau
        case .twoStage, .cumulative, .nearest:
            break
        }
        return plan
    }

    /// `"10:1,20:0.68,30:0.22"` → a step weight (thresholds inclusive, any order).
    static func parseSteps(_ text: String) throws -> StepWeight {
        var steps: [(minutes: Double, weight: Double)] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count == 2,
                  let minutes = Double(pieces[0].trimmingCharacters(in: .whitespaces)),
                  let weight = Double(pieces[1].trimmingCharacters(in: .whitespaces)) else {
                throw InputError(.usage, file: "--steps", .file, "'\(part)' is not MINUTES:WEIGHT (e.g. \"10:1,20:0.68,30:0.22\")")
            }
            steps.append((minutes, weight))
        }
        guard let weight = StepWeight(steps) else {
            throw InputError(.usage, file: "--steps", .file, "thresholds must be distinct numbers and weights numbers >= 0")
        }
        return weight
    }

    /// `id,value` rows sorted by id bytes: shortest round-trip decimals, `inf` for infinity and an
    /// empty field for an undefined value; ids as `CSVField` writes text (a formula-like id
    /// gets a leading `'`).
    public static func csv(_ result: MeasureValues) -> Data {
        var out: [UInt8] = Array("id,value\n".utf8)
        out.reserveCapacity(result.values.count * 32)
        for index in result.ids.indicesSortedByBytes() {
            CSVField.append(result.ids.bytes(index), to: &out)
            out.append(0x2C)
            out.append(contentsOf: format(result.values[index]).utf8)
            out.append(0x0A)
        }
        return Data(out)
    }

    /// A value as the output writes it.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return value.description
    }
}
