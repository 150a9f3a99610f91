import Foundation

/// How a way's slope changes a mode's speed (`slope` in a road profile). A grade is the rise
/// over the horizontal run (0.1: 10 m up per 100 m); times are taken over horizontal lengths.
public struct SlopeRule: Sendable, Hashable {
    public enum Model: String, Sendable, Hashable, CaseIterable {
        /// Slope ignored.
        case none
        /// Tobler's hiking function, 6·exp(−3.5·|grade + 0.05|) km/h, scaled so that flat ground
        /// gives the way's own speed: fastest at 5 % downhill (1.19 × flat), 0.70 × at 10 % up.
        case tobler
        /// Cycling: uphill the flat speed / (1 + 10 · grade) (5 %: 0.67 ×, 10 %: 0.5 ×), downhill
        /// × (1 + 5 · |grade|), at most 1.5 × (from 10 % down: braking, bends).
        case cycling
    }

    public var model: Model
    /// `slope_min_kmh`: no grade slows the mode below this (a cyclist pushing the bike); never
    /// above the way's own flat speed. 0: no floor.
    public var minKmh: Double

    public init(_ model: Model = .none, minKmh: Double = 0) {
        self.model = model; self.minKmh = minKmh
    }

    public static let none = SlopeRule()

    /// The speed on `grade` of a way whose flat speed is `flatKmh`.
    public func speedKmh(flatKmh: Double, grade: Double) -> Double {
        let factor: Double
        switch model {
        case .none: return flatKmh
        case .tobler: factor = exp(-3.5 * abs(grade + 0.05)) / exp(-3.5 * 0.05)
        case .cycling: factor = grade > 0 ? 1 / (1 + 10 * grade) : min(1 + 5 * -grade, 1.5)
        }
        return max(flatKmh * factor, min(minKmh, flatKmh))
    }

    /// Time on a stretch relative to flat ground: heights (metres) at equally spaced points from
    /// its start to its end, `meters` its horizontal length, `flatKmh` the way's speed. Each
    /// piece between two points is timed at its own grade; a piece with a missing height counts
    /// as flat.
    public func timeFactor(heights: [Double?], meters: Double, flatKmh: Double) -> Double {
        guard model != .none, heights.count >= 2, meters > 0, flatKmh > 0 else { return 1 }
        let pieces = heights.count - 1, pieceMeters = meters / Double(pieces)
        var sum = 0.0
        for k in 0..<pieces {
            guard let a = heights[k], let b = heights[k + 1] else { sum += 1; continue }
            sum += flatKmh / speedKmh(flatKmh: flatKmh, grade: (b - a) / pieceMeters)
        }
        return sum / Double(pieces)
    }
}
