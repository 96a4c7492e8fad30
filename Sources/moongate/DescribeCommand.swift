// DescribeCommand: `moongate describe [OPERATION]`, from the catalog.
import ArgumentParser
import CloudAPI
import Moongate

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "List the API Gateway operations, or show one's parameters and response.",
        discussion: """
            Without OPERATION: every operation with its Lua method and whether it reads or writes.
            With OPERATION (API name like DetachApiProduct, or Lua name like detach_api_product): its
            parameters (type, required, allowed values, how each travels on the wire) and response fields.
            """)

    @Argument(help: "An operation name (CreateBackend or create_backend).")
    var operation: String?

    func run() throws {
        guard let name = operation else {
            print(OperationDescription.list())
            return
        }
        guard let op = Catalog.operation(named: name) ?? Catalog.operation(snakeCaseName: name) else {
            let hint = NameSuggestion.closest(to: name, among: Catalog.all.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
            throw ValidationError("no operation named \(name)\(hint); `moongate describe` lists them")
        }
        print(OperationDescription(op).text)
    }
}
