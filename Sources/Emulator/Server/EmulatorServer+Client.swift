// ===----------------------------------------------------------------------===
// How a client talks to a started emulator: its URL, the built-in key, and the emulator as STS.
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation

extension EmulatorServer {
    /// A client configuration for this started emulator: signed with the built-in demo key, and with
    /// the emulator as STS too (it plays STS on the same port). Nil before `start()`.
    public func clientConfiguration(region: String) -> ClientConfiguration? {
        guard let port else { return nil }
        let url = "\(scheme)://127.0.0.1:\(port)"
        let key = EmulatorConfiguration.builtInAccessKey
        var configuration = ClientConfiguration(
            credentialsSource: CredentialsSource(Credentials(accessKeyId: key.id, accessKeySecret: key.secret),
                                                 name: "the emulator's built-in key"),
            region: region, endpoint: URL(string: url))
        configuration.stsEndpoint = url
        return configuration
    }
}
