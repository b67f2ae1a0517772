import ServiceLifecycle
import Synchronization
import UnixSignals

/// SIGTERM and SIGINT, trapped from the very start of a process and passed on to its services.
/// Opening Himaya takes a moment (the text detector and the hash lists are built then); a stop
/// asked for during it must end the process cleanly once it has opened, not kill it half-way.
final class StopRequest: Sendable {
    private let state = Mutex<(asked: Bool, group: ServiceGroup?)>((false, nil))

    init() async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        // Held for the life of the process: a stop must reach the services whenever it comes.
        Task {
            for await _ in signals {
                let group = self.state.withLock { state in
                    state.asked = true
                    return state.group
                }
                await group?.triggerGracefulShutdown()
            }
        }
    }

    /// Hands stops to `group` from now on, and at once if one came before.
    func stops(_ group: ServiceGroup) async {
        let askedAlready = state.withLock { state in
            state.group = group
            return state.asked
        }
        if askedAlready { await group.triggerGracefulShutdown() }
    }
}
