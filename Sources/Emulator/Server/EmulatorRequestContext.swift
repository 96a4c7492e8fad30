// ===----------------------------------------------------------------------===
// The per-request context: Hummingbird's core storage plus the connection's channel, which the
// `reset` faults need in order to drop the connection.
// ===----------------------------------------------------------------------===

import Hummingbird
import NIOCore

struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
