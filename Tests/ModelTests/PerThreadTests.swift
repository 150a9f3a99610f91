import Foundation
import Model
import Synchronization
import Testing

/// `PerThread`, the storage behind the GEOS and PROJ contexts: one instance per thread, each
/// made once and released exactly once when its thread ends.
@Suite(.serialized) struct PerThreadTests {
    /// Counts how many instances were made and freed.
    final class Handle {
        static let made = Atomic<Int>(0), freed = Atomic<Int>(0)
        let serial: Int
        init() { serial = Handle.made.add(1, ordering: .sequentiallyConsistent).newValue }
        deinit { Handle.freed.add(1, ordering: .sequentiallyConsistent) }
    }
    struct StorageRefused: Error {}
    static let storage = PerThread<Handle>()

    static func current(of storage: PerThread<Handle> = storage) throws -> Handle {
        try storage.current(make: { () throws(StorageRefused) -> Handle in Handle() }, failure: { _ in StorageRefused() })
    }

    @Test func oneInstancePerThreadFreedOnceAtThreadExit() throws {
        let here = try Self.current()
        #expect(try Self.current() === here)
        let madeBefore = Handle.made.load(ordering: .sequentiallyConsistent)
        let freedBefore = Handle.freed.load(ordering: .sequentiallyConsistent)
        let serials = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<4 {
            let thread = Thread {
                // Asked three times, made once on this thread.
                let a = try? Self.current(), b = try? Self.current(), c = try? Self.current()
                if let a, a === b, a === c { serials.withLock { $0.append(a.serial) } }
                done.signal()
            }
            thread.start()
        }
        for _ in 0..<4 { done.wait() }
        // Thread exit runs the slot's destructor after the block returns: wait for it.
        let deadline = Date().addingTimeInterval(10)
        while Handle.freed.load(ordering: .sequentiallyConsistent) < freedBefore + 4 && Date() < deadline { usleep(1_000) }
        let serialsSeen = serials.withLock { $0 }
        #expect(serialsSeen.count == 4)
        #expect(Set(serialsSeen).count == 4 && !serialsSeen.contains(here.serial))
        #expect(Handle.made.load(ordering: .sequentiallyConsistent) == madeBefore + 4)
        usleep(50_000)
        #expect(Handle.freed.load(ordering: .sequentiallyConsistent) == freedBefore + 4)
        #expect(try Self.current() === here)
    }

    @Test func aFailingMakeIsTheOwnersErrorAndNothingIsStored() throws {
        struct Refused: Error, Equatable { let why: String }
        let storage = PerThread<Handle>()
        #expect(throws: Refused(why: "no handle")) {
            try storage.current(make: { () throws(Refused) -> Handle in throw Refused(why: "no handle") }, failure: { _ in Refused(why: "storage") })
        }
        let made = try Self.current(of: storage)
        #expect(try Self.current(of: storage) === made)
    }
}
