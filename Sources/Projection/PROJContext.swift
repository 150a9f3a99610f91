// PROJ owner: a PROJ context per thread, transformers owning their PJ objects, CRS parsing,
// the local metric CRS, and the Chinese web-map offsets GCJ-02 and BD-09 (which PROJ lacks).
import CPROJ
import Model

/// One PROJ context. Each thread gets its own, created lazily on first use and destroyed when
/// the thread ends (or later, while a transformer made on that thread still holds it).
final class PROJContext {
    let context: OpaquePointer

    private init?() {
        guard let context = proj_context_create() else { return nil }
        self.context = context
        // Errors are reported through our typed errors, not printed by PROJ.
        proj_log_level(context, PJ_LOG_NONE)
    }

    deinit { proj_context_destroy(context) }

    /// The calling thread's context.
    static func current() throws(ProjectionError) -> PROJContext {
        try contexts.current(make: { () throws(ProjectionError) -> PROJContext in
            guard let created = PROJContext() else {
                throw .proj(operation: "proj_context_create", message: "cannot create a PROJ context")
            }
            return created
        }, failure: { failure in
            switch failure {
            case .noStorage: .proj(operation: "pthread_key_create", message: "cannot create thread-local storage for PROJ")
            case .cannotStore: .proj(operation: "pthread_setspecific", message: "cannot store the PROJ context")
            }
        })
    }

    /// PROJ's text for the context's last error.
    func lastErrorMessage() -> String {
        let code = proj_context_errno(context)
        guard code != 0, let text = proj_context_errno_string(context, code) else { return "no further detail" }
        return String(cString: text)
    }
}

/// Each thread's context, freed at thread exit.
private let contexts = PerThread<PROJContext>()

/// Owns one `PJ*` and destroys it once. Keeps its context alive, since a PJ belongs to it.
final class OwnedPJ {
    let owner: PROJContext
    let pj: OpaquePointer

    init(_ owner: PROJContext, owning pj: OpaquePointer) {
        self.owner = owner
        self.pj = pj
    }

    deinit { proj_destroy(pj) }
}
