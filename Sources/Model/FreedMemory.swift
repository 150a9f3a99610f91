#if canImport(Glibc)
import Glibc
#endif

/// Gives memory a finished step freed back to the system, so that the run's peak is what its
/// steps hold, not what they once held.
///
/// glibc keeps freed memory mapped: small blocks stay in its heaps (a 1 M-cell population layer
/// parsed into features leaves some 450 MiB of freed blocks among the kept cells), and after
/// the first large array is freed it serves arrays of up to 32 MiB from those heaps too, so a
/// freed road graph or travel row stays resident (`RoadGraph.timesByTarget` releases the
/// searches' rows a block of cells at a time). Measured at 1,000,000 cells (whole `run`,
/// peak resident memory): 1,948 MiB as glibc leaves it, 1,806 MiB with the threshold fixed.
///
/// `<malloc.h>` is not in Swift's Glibc module: its two functions are looked up by name, and
/// where they are missing (another C library) nothing is done.
public enum FreedMemory {
    /// Arrays of at least this many bytes get their own mapping, returned when freed (glibc's
    /// initial threshold, kept fixed instead of rising with each large free).
    static let ownMappingBytes: Int32 = 128 << 10
    /// `M_MMAP_THRESHOLD` of glibc's `<malloc.h>`.
    static let mmapThresholdOption: Int32 = -3

    /// Fixes the threshold above; called when a run starts (idempotent, process-wide).
    public static func keepLargeArraysApart() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let mallopt = function("mallopt", as: Mallopt.self) else { return }
        _ = mallopt(mmapThresholdOption, ownMappingBytes)
    }

    /// Returns the freed pages inside glibc's heaps to the system (`malloc_trim(0)`); called
    /// between steps, after a step's scratch is gone. Changes no value the run computes.
    public static func release() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let trim = function("malloc_trim", as: MallocTrim.self) else { return }
        _ = trim(0)
    }

    /// The C library's function of that name, or nil.
    static func function<F>(_ name: String, as type: F.Type) -> F? {
        #if canImport(Glibc)
        // RTLD_DEFAULT (a null handle): the process's own symbols, the C library's among them.
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
        #else
        return nil
        #endif
    }
}
