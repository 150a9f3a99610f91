#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A distance-decay weight `w(minutes)`, as a value. The kernels are generic over it so that
/// each weight gets its own specialised loop.
public protocol DistanceWeighting: Sendable {
    func weight(_ minutes: Double) -> Double
}

/// `w = 1` (no weight function).
public struct UniformWeight: DistanceWeighting, Equatable {
    public init() {}
    @inlinable public func weight(_ minutes: Double) -> Double { 1 }
}

/// PySAL `weights.step_fn`: the weight of the smallest threshold with `minutes <= threshold`
/// (inclusive), 0 beyond the largest.
public struct StepWeight: DistanceWeighting, Equatable {
    public let thresholdsMinutes: [Double]
    public let weights: [Double]

    /// `steps` as (threshold minutes, weight); any order, sorted here. Thresholds must be
    /// distinct and weights non-negative (PySAL refuses negative weights).
    public init?(_ steps: [(minutes: Double, weight: Double)]) {
        let sorted = steps.sorted { $0.minutes < $1.minutes }
        for k in sorted.indices where sorted[k].weight < 0 || sorted[k].weight.isNaN || sorted[k].minutes.isNaN { return nil }
        for k in sorted.indices.dropFirst() where sorted[k].minutes == sorted[k - 1].minutes { return nil }
        thresholdsMinutes = sorted.map(\.minutes)
        weights = sorted.map(\.weight)
    }

    /// E2SFCA default of PySAL: {10: 1, 20: 0.68, 30: 0.22}.
    public static let enhancedDefault = StepWeight(uncheckedThresholds: [10, 20, 30], weights: [1, 0.68, 0.22])
    /// 3SFCA default of PySAL: {10: 0.962, 20: 0.704, 30: 0.377, 60: 0.042}.
    public static let threeStageDefault = StepWeight(uncheckedThresholds: [10, 20, 30, 60],
                                                     weights: [0.962, 0.704, 0.377, 0.042])

    init(uncheckedThresholds: [Double], weights: [Double]) {
        thresholdsMinutes = uncheckedThresholds
        self.weights = weights
    }

    @inlinable public func weight(_ minutes: Double) -> Double {
        var k = 0
        let count = thresholdsMinutes.count
        while k < count {
            if minutes <= thresholdsMinutes[k] { return weights[k] }
            k += 1
        }
        return 0
    }
}

/// PySAL `weights.gaussian(sigma)`: `exp(-d·d / (2σ²))`, not normalised (`w(0) = 1`).
public struct GaussianWeight: DistanceWeighting, Equatable {
    public let sigmaMinutes: Double
    public init(sigmaMinutes: Double) { self.sigmaMinutes = sigmaMinutes }
    @inlinable public func weight(_ minutes: Double) -> Double {
        exp(-minutes * minutes / (2 * (sigmaMinutes * sigmaMinutes)))
    }
}

/// PySAL `weights.gravity(scale, alpha, min_dist)`: `(max(d, minMinutes) / scale) ^ alpha`.
public struct GravityWeight: DistanceWeighting, Equatable {
    public let scaleMinutes: Double
    public let alpha: Double
    public let minMinutes: Double
    public init(scaleMinutes: Double, alpha: Double, minMinutes: Double = 0) {
        self.scaleMinutes = scaleMinutes
        self.alpha = alpha
        self.minMinutes = minMinutes
    }
    @inlinable public func weight(_ minutes: Double) -> Double {
        pow(Swift.max(minutes, minMinutes) / scaleMinutes, alpha)
    }
}

/// A weight function chosen at run time; the kernels dispatch on it once.
public enum DistanceWeight: Sendable, Equatable {
    case uniform
    case step(StepWeight)
    case gaussian(GaussianWeight)
    case gravity(GravityWeight)

    public func callAsFunction(_ minutes: Double) -> Double {
        switch self {
        case .uniform: return 1
        case .step(let w): return w.weight(minutes)
        case .gaussian(let w): return w.weight(minutes)
        case .gravity(let w): return w.weight(minutes)
        }
    }
}
