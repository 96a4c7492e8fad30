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
        do {
            print(OperationDescription(try Catalog.operation(lookingUp: name)).text)
        } catch let error as ParameterError {
            throw ValidationError("\(error.message); `moongate describe` lists them")
        }
    }
}
