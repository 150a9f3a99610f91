import CFuzzerDriver

/// Runs libFuzzer's loop on `callback` with the process arguments: each target's `main` calls
/// this (SwiftPM defines `main` as `<module>_main`, so libFuzzer's own `main` is not used).
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}
