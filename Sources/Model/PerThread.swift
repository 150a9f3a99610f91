#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One instance of `Value` per thread, made on the thread's first use and released once when
/// the thread ends (an instance may live on while something made on that thread still holds
/// it). The owner of a C handle that must not be shared between threads (a GEOS or PROJ
/// context) keeps a `PerThread` of its handle type in a global `let` (the slot is never
/// deleted, so that every thread's instance is released); the handle type stays the owner's.
public final class PerThread<Value: AnyObject>: Sendable {
    /// The thread-local slot; nil when the system refused one.
    @usableFromInline let key: pthread_key_t?

    public init() {
        var key = pthread_key_t()
        // The slot holds one retain of the thread's instance; the destructor releases it at thread exit.
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
        }
        self.key = status == 0 ? key : nil
    }

    /// Why the thread's instance cannot be had, besides `make` failing.
    public enum Failure: Sendable {
        /// `pthread_key_create` failed: no thread-local storage at all.
        case noStorage
        /// `pthread_setspecific` failed: the new instance could not be kept.
        case cannotStore
    }

    /// The calling thread's instance, made by `make` on its first use. Errors are the
    /// owner's: `make`'s own, or `failure` of why the instance cannot be stored. (Inlinable: the
    /// GEOS owner asks for its context on every call.)
    @inlinable public func current<E: Error>(make: () throws(E) -> Value, failure: (Failure) -> E) throws(E) -> Value {
        guard let key else { throw failure(.noStorage) }
        if let stored = pthread_getspecific(key) {
            return Unmanaged<Value>.fromOpaque(stored).takeUnretainedValue()
        }
        let made = try make()
        let retained = Unmanaged<Value>.passRetained(made)
        guard pthread_setspecific(key, retained.toOpaque()) == 0 else {
            retained.release()
            throw failure(.cannotStore)
        }
        return made
    }
}
