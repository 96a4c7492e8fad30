// ===----------------------------------------------------------------------===
// Dropping a connection without an answer (faults `reset` and `reset_after`): SO_LINGER 0 makes
// the close send a TCP RST, so the client sees "connection reset" rather than a clean end of stream.
// ===----------------------------------------------------------------------===

import NIOCore
import Foundation

/// Thrown after the connection was dropped, so no response is written.
struct ConnectionDropped: Error {}

enum ConnectionDrop {
    static func reset(_ channel: any Channel) async {
        if let socket = channel as? any SocketOptionProvider {
            _ = try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        _ = try? await channel.close(mode: .all).get()
    }
}
