// GEOS owner: geometries stay plain `Model` values; this module converts them to GEOS inside
// each call, with one GEOS context per thread (never shared between threads).
import CGEOS
import Model

/// One GEOS context handle. Each thread gets its own, created lazily on first use and freed
/// when the thread ends (or later, while a long-lived index created on that thread still holds
/// it). GEOS reports errors through a message handler; the last message is kept here so that
/// a failed call can throw it.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The most recent message GEOS sent to the error handler, cleared when read.
    var lastError: String?

    private init?() {
        guard let handle = GEOS_init_r() else { return nil }
        self.handle = handle
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) }
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { GEOS_finish_r(handle) }

    /// The calling thread's context.
    static func current() throws(GeometryError) -> GEOSContext {
        try contexts.current(make: { () throws(GeometryError) -> GEOSContext in
            guard let context = GEOSContext() else {
                throw .geos(operation: "GEOS_init_r", message: "cannot create a GEOS context")
            }
            return context
        }, failure: { failure in
            switch failure {
            case .noStorage: .geos(operation: "pthread_key_create", message: "cannot create thread-local storage for GEOS")
            case .cannotStore: .geos(operation: "pthread_setspecific", message: "cannot store the GEOS context")
            }
        })
    }

    /// The error for a failed GEOS call: GEOS's own message when it sent one.
    func failure(_ operation: String) -> GeometryError {
        let message = lastError ?? "GEOS returned no result"
        lastError = nil
        return .geos(operation: operation, message: message)
    }
}

/// Each thread's context, freed at thread exit.
private let contexts = PerThread<GEOSContext>()
