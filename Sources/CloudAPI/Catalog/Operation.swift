/// One API Gateway operation as the catalog describes it: what it is called, whether it changes
/// anything, its parameters, its response and, for list operations, where its page items are.
///
/// ```swift
/// let op = Catalog.operation(named: "DetachApiProduct")!
/// op.mutates          // true
/// op.snakeCaseName    // "detach_api_product"
/// ```
public struct Operation: Sendable {
    /// Whether a call can change the service's state. Dry-run never sends a `.write`, and transport
    /// retries a `.write` only where repeating it cannot duplicate an effect.
    public enum Effect: String, Sendable { case read, write }

    /// Where a paged operation keeps its items: `["BackendInfoList"]`, or a wrapped list such as
    /// `["AuthorizedApps", "AuthorizedApp"]`. Paging itself uses PageNumber, PageSize and TotalCount.
    public struct Paging: Sendable, Equatable {
        public let itemsPath: [String]
        public init(itemsPath: [String]) { self.itemsPath = itemsPath }
    }

    public let name: String
    public let effect: Effect
    public let summary: String
    public let docURL: String
    public let parameters: [Parameter]
    public let response: [Field]
    public let paging: Paging?
    /// Why this entry departs from the SDK's metadata, where it does (shown by `moongate describe`).
    public let notes: [String]

    public init(
        _ name: String, _ effect: Effect, summary: String, docURL: String,
        parameters: [Parameter], response: [Field], paging: Paging? = nil, notes: [String] = []
    ) {
        self.name = name
        self.effect = effect
        self.summary = summary
        self.docURL = docURL
        self.parameters = parameters
        self.response = response
        self.paging = paging
        self.notes = notes
    }

    public var mutates: Bool { effect == .write }

    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// The boto3-style method name: `CreateBackend` → `create_backend`, `DescribeApisByBackend` →
    /// `describe_apis_by_backend`.
    public var snakeCaseName: String {
        var result = ""
        for (index, character) in name.enumerated() {
            if character.isUppercase, index > 0 { result.append("_") }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}
