// ===----------------------------------------------------------------------===
// The seed file (`--seed FILE`): what the 19 operations refer to but cannot create — API groups,
// APIs (published to stages, optionally using a backend), apps — plus optional existing backends and
// API products. Field names are the service's own. Sample: scripts/examples/emulator-seed.json.
// ===----------------------------------------------------------------------===

import Foundation

/// The contents of a seed file. Every list is optional; loading is idempotent (rows are replaced by id).
///
/// ```json
/// { "Groups": [{"GroupId": "g1", "GroupName": "shop"}],
///   "Apis":   [{"ApiId": "a1", "ApiName": "list", "GroupId": "g1", "Method": "GET", "Path": "/items",
///               "Stages": ["RELEASE"], "BackendId": "0d105f80a8f340408bd34954d4e4ff22"}],
///   "Apps":   [{"AppId": 110840611, "AppName": "mobile"}],
///   "Backends": [{"BackendId": "0d105f80a8f340408bd34954d4e4ff22", "BackendName": "orders", "BackendType": "HTTP"}],
///   "ApiProducts": [{"ApiProductId": "p1", "Apis": [{"ApiId": "a1", "StageName": "RELEASE"}], "AppIds": [110840611]}],
///   "Quota": "DeleteBackend=50,*=100" }
/// ```
public struct EmulatorSeed: Codable, Sendable, Equatable {
    public struct Group: Codable, Sendable, Equatable {
        public var GroupId: String
        public var GroupName: String
        public var RegionId: String?

        public init(GroupId: String, GroupName: String, RegionId: String? = nil) {
            self.GroupId = GroupId
            self.GroupName = GroupName
            self.RegionId = RegionId
        }
    }

    public struct Api: Codable, Sendable, Equatable {
        public var ApiId: String
        public var ApiName: String
        public var GroupId: String
        public var Method: String?
        public var Path: String?
        public var Description: String?
        /// The stages the API is published to; `StageName` is accepted for a single stage.
        public var Stages: [String]?
        public var StageName: String?
        public var BackendId: String?

        var stages: [String] { Stages ?? StageName.map { [$0] } ?? ["RELEASE"] }

        public init(ApiId: String, ApiName: String, GroupId: String, Method: String? = nil, Path: String? = nil,
                    Description: String? = nil, Stages: [String]? = nil, StageName: String? = nil, BackendId: String? = nil) {
            self.ApiId = ApiId
            self.ApiName = ApiName
            self.GroupId = GroupId
            self.Method = Method
            self.Path = Path
            self.Description = Description
            self.Stages = Stages
            self.StageName = StageName
            self.BackendId = BackendId
        }
    }

    public struct App: Codable, Sendable, Equatable {
        public var AppId: Int64
        public var AppName: String
        public var Description: String?
        public var Extend: String?

        public init(AppId: Int64, AppName: String, Description: String? = nil, Extend: String? = nil) {
            self.AppId = AppId
            self.AppName = AppName
            self.Description = Description
            self.Extend = Extend
        }
    }

    public struct Tag: Codable, Sendable, Equatable {
        public var Key: String
        public var Value: String?

        public init(Key: String, Value: String? = nil) {
            self.Key = Key
            self.Value = Value
        }
    }

    public struct Backend: Codable, Sendable, Equatable {
        public var BackendId: String
        public var BackendName: String
        public var BackendType: String
        public var Description: String?
        public var Tags: [Tag]?
        /// `YYYY-MM-DDTHH:MM:SSZ`; default: when the seed is applied (so age rules can be tested).
        public var CreatedTime: String?
        public var ModifiedTime: String?

        public init(BackendId: String, BackendName: String, BackendType: String, Description: String? = nil, Tags: [Tag]? = nil,
                    CreatedTime: String? = nil, ModifiedTime: String? = nil) {
            self.BackendId = BackendId
            self.BackendName = BackendName
            self.BackendType = BackendType
            self.Description = Description
            self.Tags = Tags
            self.CreatedTime = CreatedTime
            self.ModifiedTime = ModifiedTime
        }
    }

    public struct ProductApi: Codable, Sendable, Equatable {
        public var ApiId: String
        public var StageName: String

        public init(ApiId: String, StageName: String) {
            self.ApiId = ApiId
            self.StageName = StageName
        }
    }

    public struct ApiProduct: Codable, Sendable, Equatable {
        public var ApiProductId: String
        public var Apis: [ProductApi]?
        /// Apps authorized to call the product.
        public var AppIds: [Int64]?

        public init(ApiProductId: String, Apis: [ProductApi]? = nil, AppIds: [Int64]? = nil) {
            self.ApiProductId = ApiProductId
            self.Apis = Apis
            self.AppIds = AppIds
        }
    }

    /// A RAM role STS may assume; when `ExternalId` is set, AssumeRole must send it.
    public struct Role: Codable, Sendable, Equatable {
        public var RoleArn: String
        public var ExternalId: String?

        public init(RoleArn: String, ExternalId: String? = nil) {
            self.RoleArn = RoleArn
            self.ExternalId = ExternalId
        }
    }

    /// An OIDC identity provider for AssumeRoleWithOIDC; with `Tokens`, only those tokens are accepted.
    public struct OIDCProvider: Codable, Sendable, Equatable {
        public var OIDCProviderArn: String
        public var Tokens: [String]?

        public init(OIDCProviderArn: String, Tokens: [String]? = nil) {
            self.OIDCProviderArn = OIDCProviderArn
            self.Tokens = Tokens
        }
    }

    public var Groups: [Group]?
    public var Apis: [Api]?
    public var Apps: [App]?
    public var Backends: [Backend]?
    public var ApiProducts: [ApiProduct]?
    /// STS: the roles that exist (absent: any role ARN of account 1234567890123456) and OIDC providers.
    public var Roles: [Role]?
    public var OIDCProviders: [OIDCProvider]?
    /// The emulator's `--quota` (`"DeleteBackend=50,*=100"`), when the command line gives none.
    public var Quota: String?

    public init(Groups: [Group]? = nil, Apis: [Api]? = nil, Apps: [App]? = nil,
                Backends: [Backend]? = nil, ApiProducts: [ApiProduct]? = nil,
                Roles: [Role]? = nil, OIDCProviders: [OIDCProvider]? = nil, Quota: String? = nil) {
        self.Quota = Quota
        self.Roles = Roles
        self.OIDCProviders = OIDCProviders
        self.Groups = Groups
        self.Apis = Apis
        self.Apps = Apps
        self.Backends = Backends
        self.ApiProducts = ApiProducts
    }

    /// Reads a seed file; errors name the file and what is wrong.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SeedError("\(path): cannot read seed file (\(error.localizedDescription))")
        }
        try self.init(json: data, source: path)
    }

    /// Reads a seed from JSON text; errors start with `source` (a file name, `t.seed`) and count list
    /// items from `firstIndex` (1 for a seed written as a Lua table).
    public init(json data: Data, source path: String, firstIndex: Int = 0) throws {
        do {
            self = try JSONDecoder().decode(EmulatorSeed.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SeedError("\(path): missing field \(key.stringValue) at \(Self.describe(context.codingPath, firstIndex))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw SeedError("\(path): wrong type at \(Self.describe(context.codingPath, firstIndex)) (\(context.debugDescription))")
        } catch {
            throw SeedError("\(path): not a valid seed file (\(error))")
        }
        if let quota = Quota {
            do { _ = try QuotaPlan(parsing: quota, subject: "\(path): Quota") } catch { throw SeedError("\(error)") }
        }
    }

    private static func describe(_ path: [any CodingKey], _ firstIndex: Int) -> String {
        path.map { $0.intValue.map { "[\($0 + firstIndex)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// A seed file that could not be read or applied: `seed.json: missing field ApiId at .Apis[0]`.
public struct SeedError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
