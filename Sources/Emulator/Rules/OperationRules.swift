// ===----------------------------------------------------------------------===
// The service's rules, one handler per catalog operation. Reads run in a read transaction, changes
// in one write transaction each; a thrown ServiceError rolls the whole request back.
// ===----------------------------------------------------------------------===

import CloudAPI
import GRDB

/// What a handler returns: the response body's fields, without `RequestId` (added by the responder).
typealias ResponseFields = [String: Value]

/// Dispatches an operation by its catalog name to the handler that applies its rules to the store.
///
/// ```swift
/// let rules = OperationRules(store: store, clock: EmulatorClock())
/// let body = try await rules.handle(Catalog.operation(named: "CreateBackend")!, params)
/// ```
struct OperationRules: Sendable {
    typealias Handler = @Sendable (OperationRules, RequestParameters) async throws -> ResponseFields

    let store: EmulatorStore
    /// What CreatedTime, ModifiedTime and task times are stamped with.
    let clock: EmulatorClock

    /// Every operation of the catalog has an entry here; EmulatorTests checks none is missing.
    static let handlers: [String: Handler] = [
        "CreateBackend": { try await $0.createBackend($1) },
        "DescribeBackendInfo": { try await $0.describeBackendInfo($1) },
        "DescribeBackendList": { try await $0.describeBackendList($1) },
        "ModifyBackend": { try await $0.modifyBackend($1) },
        "DeleteBackend": { try await $0.deleteBackend($1) },
        "DescribeApisByBackend": { try await $0.describeApisByBackend($1) },
        "DescribeUpdateBackendTask": { try await $0.describeUpdateBackendTask($1) },
        "CreateBackendModel": { try await $0.createBackendModel($1) },
        "ModifyBackendModel": { try await $0.modifyBackendModel($1) },
        "DeleteBackendModel": { try await $0.deleteBackendModel($1) },
        "AttachApiProduct": { try await $0.attachApiProduct($1) },
        "DetachApiProduct": { try await $0.detachApiProduct($1) },
        "DeleteApiProduct": { try await $0.deleteApiProduct($1) },
        "DescribeApiProductApis": { try await $0.describeApiProductApis($1) },
        "DescribeApiProductsByApp": { try await $0.describeApiProductsByApp($1) },
        "DescribeAppsByApiProduct": { try await $0.describeAppsByApiProduct($1) },
        "SetApiProductsAuthorities": { try await $0.setApiProductsAuthorities($1) },
        "RemoveApiProductsAuthorities": { try await $0.removeApiProductsAuthorities($1) },
        "SetAppsAuthToApiProduct": { try await $0.setAppsAuthToApiProduct($1) },
    ]

    func handle(_ operation: CloudAPI.Operation, _ parameters: RequestParameters) async throws -> ResponseFields {
        guard let handler = Self.handlers[operation.name] else {
            throw ServiceError.invalidAction(operation.name)
        }
        do {
            return try await handler(self, parameters)
        } catch let error as ServiceError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw ServiceError(code: "ServiceUnavailable", message: "The state database is busy (\(error.resultCode)).",
                               httpStatus: 503)
        } catch {
            throw ServiceError.internalError("\(error)")
        }
    }
}

// MARK: - Paging

/// PageNumber (default 1) and PageSize (default 10, at most 100), as the service documents them.
struct Page {
    let number: Int64
    let size: Int64
    /// Rows to skip. A page number so large that the product overflows is past any table's end:
    /// it reads an empty page, as any page after the last one does.
    var offset: Int64 {
        let (skip, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        return overflow ? .max : skip
    }

    init(_ parameters: RequestParameters) throws {
        number = parameters.int("PageNumber") ?? 1
        size = parameters.int("PageSize") ?? 10
        guard number >= 1 else { throw ServiceError.invalidParameter("PageNumber", "must be at least 1") }
        guard (1...100).contains(size) else { throw ServiceError.invalidParameter("PageSize", "must be between 1 and 100") }
    }

    func fields(total: Int) -> ResponseFields {
        ["PageNumber": .int(number), "PageSize": .int(size), "TotalCount": .int(Int64(total))]
    }
}

// MARK: - Not-found answers (convention: codes not published by the service for these operations)

extension ServiceError {
    static func backendNotFound(_ id: String) -> ServiceError {
        .notFound("NotFoundBackend", "Specified backend does not exist. (BackendId=\(id))")
    }
    static func backendModelNotFound(_ id: String) -> ServiceError {
        .notFound("NotFoundBackendModel", "Specified backend model does not exist. (BackendModelId=\(id))")
    }
    static func apiProductNotFound(_ id: String) -> ServiceError {
        .notFound("NotFoundApiProduct", "Specified API product does not exist. (ApiProductId=\(id))")
    }
    static func appNotFound(_ id: Int64) -> ServiceError {
        .notFound("NotFoundApp", "Specified app does not exist. (AppId=\(id))")
    }
    static func apiNotFound(_ id: String) -> ServiceError {
        .notFound("NotFoundApi", "Specified API does not exist. (ApiId=\(id))")
    }
}
