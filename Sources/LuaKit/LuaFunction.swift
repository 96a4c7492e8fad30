// LuaFunction: Swift code callable from Lua, through the C trampoline (never lua_error in Swift).
import CLua



/// A Swift function callable from Lua: reads arguments from the stack, pushes results.
public typealias LuaSwiftFunction = (LuaStack) throws -> LuaReturn

/// The boxed closure a trampoline closure carries in its upvalue.
final class LuaFunctionBox {
    let body: LuaSwiftFunction
    init(_ body: @escaping LuaSwiftFunction) { self.body = body }
}

let luaFunctionMetatableName = "moongate.swiftfunction"

/// The one dispatcher every trampoline calls. It never raises: it returns a status (shim.h).
let luaKitDispatch: mg_dispatch_fn = { L, function, resumed in
    let box = Unmanaged<LuaFunctionBox>.fromOpaque(function!).takeUnretainedValue()
    let stack = LuaStack(L!, isResumed: resumed != 0)
    do {
        switch try box.body(stack) {
        case .values(let n): return n
        case .yield(let n): return mg_yield_status(n)
        }
    } catch let raise as LuaRaise {
        switch raise {
        case .message(let text): stack.push(text); return MG_RAISE_WHERE
        case .value(let value): stack.push(value); return MG_RAISE
        case .pushed: return MG_RAISE
        }
    } catch let error as LuaError where error.kind == .conversion {
        // A value that cannot cross the boundary: the script's line is where it was passed.
        stack.push(error.message)
        return MG_RAISE_WHERE
    } catch let error as LuaError {
        // A Lua error caught while Swift called Lua: re-raise it unchanged (it has its location).
        if let value = error.value { stack.push(value) } else { stack.push(error.message) }
        return MG_RAISE
    } catch {
        stack.push(String(describing: error))
        return MG_RAISE_WHERE
    }
}

/// Releases a boxed Swift object when Lua collects its userdata.
let luaKitRelease: mg_release_fn = { object in
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}

// MARK: - Pushing and registering functions

extension LuaStack {
    /// Pushes a Lua function running `body`.
    public func push(function body: @escaping LuaSwiftFunction) {
        let box = Unmanaged.passRetained(LuaFunctionBox(body) as AnyObject).toOpaque()
        mg_push_swift_function(L, luaKitDispatch, box, luaKitRelease, luaFunctionMetatableName)
    }

    /// Pushes a Lua function over values: arguments in, results out.
    ///
    /// ```swift
    /// stack.push(valueFunction: { args in [.int((args.first?.intValue ?? 0) * 2)] })
    /// ```
    public func push(valueFunction body: @escaping ([LuaValue]) throws -> [LuaValue]) {
        push(function: { stack in
            var args: [LuaValue] = []
            for i in 1...max(stack.top, 1) where i <= stack.top {
                args.append(try stack.value(at: i, named: "argument #\(i)"))
            }
            let results = try body(args)
            return .values(stack.push(results))
        })
    }
}

extension LuaState {
    /// Sets global `name` to a Swift function.
    public func register(_ name: String, _ body: @escaping LuaSwiftFunction) {
        stack.push(function: body)
        setGlobalFromTop(name)
    }

    /// Makes `require(name)` return what `open` pushes (one value, usually a table), built on
    /// first require, through `package.preload`.
    ///
    /// ```swift
    /// lua.registerModule("moongate.answer") { stack in stack.push(.int(42)) }
    /// ```
    public func registerModule(_ name: String, _ open: @escaping (LuaStack) throws -> Void) {
        preload(name) { stack in
            let before = stack.top
            try open(stack)
            guard stack.top == before + 1 else {
                throw LuaRaise.message("module '\(name)' pushed \(stack.top - before) values, expected 1")
            }
            return .values(1)
        }
    }

    /// Sets `package.preload[name]` to a Swift function (it receives the module name).
    public func preload(_ name: String, _ loader: @escaping LuaSwiftFunction) {
        _ = lua_getfield(L, mg_registryindex(), LUA_PRELOAD_TABLE)
        stack.push(function: loader)
        stack.setField(name, tableAt: -2)  // raw: package.preload is a script's to tamper with
        mg_pop(L, 1)
    }
}
