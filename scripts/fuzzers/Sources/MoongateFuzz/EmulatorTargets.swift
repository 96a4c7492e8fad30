// Fuzz target over the emulator's request reading: the target line and query, then every operation's
// parameter reading (list keys such as Tag.1.Key, numbers, booleans) — the code that crashed before.
import CloudAPI
@testable import Emulator

extension FuzzTargets {
    static func emulatorRequest(_ bytes: [UInt8]) {
        let carved = FuzzRequest(bytes)
        let request = IncomingRequest(method: carved.method, target: carved.target, headers: carved.headers, body: carved.body)
        let parameters = request.parameters
        for operation in Catalog.all {
            guard let read = try? RequestParameters(operation: operation, query: parameters) else { continue }
            for parameter in operation.parameters {
                _ = read.string(parameter.name)
                _ = read.list(parameter.name)
            }
        }
    }
}
