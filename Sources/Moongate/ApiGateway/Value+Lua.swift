// Value+Lua: the one conversion between Lua's values (LuaKit) and the API's values (CloudAPI).
import CloudAPI
import LuaKit

extension Value {
    /// Converts a script's table: string keys only, UTF-8 strings only; `place` names the culprit
    /// (`params.Apis[2].StageName`) in the error.
    init(lua value: LuaValue, place: String) throws {
        switch value {
        case .nil: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw LuaValueConversionError(place: place, problem: "is not valid UTF-8 text")
            }
            self = .string(text)
        case .array(let items):
            self = .array(try items.enumerated().map { try Value(lua: $1, place: "\(place)[\($0 + 1)]") })
        case .map(let entries):
            var object: [String: Value] = [:]
            for (key, item) in entries {
                guard case .string = key, let name = key.text else {
                    throw LuaValueConversionError(place: place, problem: "has a \(key.typeName) key; use names (strings) as keys")
                }
                object[name] = try Value(lua: item, place: "\(place).\(name)")
            }
            self = .object(object)
        }
    }

    /// The value as Lua sees it: objects become tables with the API's field names, null becomes
    /// `json.null` inside tables.
    var lua: LuaValue {
        switch self {
        case .null: .nil
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .text(s)
        case .array(let items): .array(items.map(\.lua))
        case .object(let fields):
            .map(Dictionary(uniqueKeysWithValues: fields.map { (LuaValue.text($0.key), $0.value.lua) }))
        }
    }
}

extension Value {
    /// Pushes the value as `lua` would convert it, straight onto the stack: a response's tables are
    /// built in place, without a `LuaValue` copy of the whole tree first (it halves the cost per call).
    func push(onto stack: LuaStack, inTable: Bool = false) {
        switch self {
        case .null: if inTable { stack.pushNull() } else { stack.push(LuaValue.nil) }
        case .bool(let b): stack.push(LuaValue.bool(b))
        case .int(let i): stack.push(LuaValue.int(i))
        case .double(let d): stack.push(LuaValue.double(d))
        case .string(let s): stack.push(s)
        case .array(let items):
            stack.pushTable(arrayCount: items.count, fieldCount: 0, isArray: true)
            for (index, item) in items.enumerated() {
                item.push(onto: stack, inTable: true)
                stack.storeElement(index + 1)
            }
        case .object(let fields):
            stack.pushTable(arrayCount: 0, fieldCount: fields.count)
            for (name, item) in fields {
                item.push(onto: stack, inTable: true)
                stack.storeField(name)
            }
        }
    }
}

struct LuaValueConversionError: Error, CustomStringConvertible {
    let place: String
    let problem: String
    var description: String { "\(place) \(problem)" }
}
