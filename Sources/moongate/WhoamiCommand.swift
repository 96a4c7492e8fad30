// WhoamiCommand: `moongate whoami`: which credentials win the chain and who STS says they are.
import ArgumentParser
import CloudAPI
import Emulator
import Foundation

struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show which credentials Moongate would use and who STS says they are.",
        discussion: """
            Resolves credentials as `moongate run` does (environment, RRSA, aliyun CLI profile, \
            credentials.ini, ECS instance role, credentials URI), then calls STS GetCallerIdentity \
            (ALIBABA_CLOUD_STS_ENDPOINT, else sts.aliyuncs.com; with --emulator, the emulator). \
            Prints the source, the AccessKey ID masked, the expiration, region, endpoint and the \
            caller's account and ARN. Never a secret or a token. Exit 64 when no credentials work.
            """)

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Ask an in-process emulator (its built-in key and its STS).")
    var emulator = false
    @Flag(help: "Print one JSON object instead of aligned text.")
    var json = false

    func run() async throws {
        var server: EmulatorServer?
        let configuration: ClientConfiguration
        do {
            if emulator {
                var settings = EmulatorConfiguration()
                settings.port = 0
                let started = EmulatorServer(configuration: settings)
                try await started.start()
                server = started
                guard let emulated = started.clientConfiguration(region: connection.region ?? "cn-hangzhou") else {
                    throw ConfigurationError("--emulator: the emulator did not start")
                }
                configuration = emulated
            } else {
                configuration = try ConfigurationResolver().resolve(.init(
                    profile: connection.profile, region: connection.region, endpoint: connection.endpoint,
                    proxy: connection.proxy, caBundle: connection.caBundle))
            }
        } catch {
            FileHandle.standardError.write(Data("moongate whoami: \(Self.describe(error))\n".utf8))
            throw ExitCode(64)
        }
        let answer = Result { try WhoAmI.ask(configuration) }
        await server?.stop()
        let me: WhoAmI
        do {
            me = try answer.get()
        } catch {
            FileHandle.standardError.write(Data("moongate whoami: \(Self.describe(error))\n".utf8))
            throw ExitCode(1)
        }
        if json {
            let object = Value.object(Dictionary(me.fields.map { ($0.0, Value.string($0.1)) }) { first, _ in first })
            print(String(decoding: try object.jsonBytes(), as: UTF8.self))
        } else {
            let width = me.fields.map(\.0.count).max() ?? 0
            for (name, value) in me.fields { print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
        }
    }

    /// One line with the error's code first, as `moongate run` reports configuration errors.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? ConfigurationError { return "\(error.code): \(error.message)" }
        if let error = error as? CredentialsError { return "\(error.code): \(error.description)" }
        return "\(error)"
    }
}
