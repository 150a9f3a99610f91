// PROJ owner: a PROJ context per thread, transformers owning their PJ objects, CRS parsing,
// the local metric CRS, and the Chinese web-map offsets GCJ-02 and BD-09 (which PROJ lacks).
import CPROJ
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
        guard let key = threadKey else {
            throw .proj(operation: "pthread_key_create", message: "cannot create thread-local storage for PROJ")
        }
        if let stored = pthread_getspecific(key) {
            return Unmanaged<PROJContext>.fromOpaque(stored).takeUnretainedValue()
        }
        guard let created = PROJContext() else {
            throw .proj(operation: "proj_context_create", message: "cannot create a PROJ context")
        }
        let retained = Unmanaged.passRetained(created)
        guard pthread_setspecific(key, retained.toOpaque()) == 0 else {
            retained.release()
            throw .proj(operation: "pthread_setspecific", message: "cannot store the PROJ context")
        }
        return created
    }

    /// PROJ's text for the context's last error.
    func lastErrorMessage() -> String {
        let code = proj_context_errno(context)
        guard code != 0, let text = proj_context_errno_string(context, code) else { return "no further detail" }
        return String(cString: text)
    }
}

private let threadKey: pthread_key_t? = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        Unmanaged<PROJContext>.fromOpaque(pointer).release()
    }
    return status == 0 ? key : nil
}()

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
