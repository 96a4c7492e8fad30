// CLua shim: the only C in Moongate. Three jobs, all header-only (static inline):
//   1. Lua's macro API as functions Swift can call (lua_pop, lua_pcall, lua_upvalueindex, ...).
//   2. The host block: a counting allocator (memory limit) and a count hook (deadline, stop requests).
//   3. The trampoline through which Lua calls Swift. Swift never calls lua_error: a Swift function
//      returns a status, and the trampoline raises (or yields) after the Swift frame has returned,
//      so a longjmp never crosses a Swift frame.
#ifndef MOONGATE_CLUA_SHIM_H
#define MOONGATE_CLUA_SHIM_H
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// ---------------------------------------------------------------------------------------------
// Macro API as functions
// ---------------------------------------------------------------------------------------------

static inline int mg_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void mg_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void mg_newtable(lua_State *L) { lua_newtable(L); }
static inline void mg_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline int mg_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline int mg_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void mg_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline lua_Integer mg_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }
static inline lua_Number mg_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline int mg_getmetatable_named(lua_State *L, const char *name) { return luaL_getmetatable(L, name); }

// ---------------------------------------------------------------------------------------------
// Host block: memory accounting, deadline, stop requests
// ---------------------------------------------------------------------------------------------

enum {
    MG_STOP_NONE = 0,
    MG_STOP_TIMEOUT = 1,
    MG_STOP_SIGNAL = 2,
};

typedef struct mg_host {
    size_t used;            // bytes currently allocated by Lua
    size_t peak;            // highest `used` seen
    size_t limit;           // 0 = unlimited
    int swift_depth;        // > 0 while Swift (not Lua) runs: the limit is soft then, see mg_alloc
    long long deadline_ns;  // CLOCK_MONOTONIC deadline, 0 = none
    int stop;               // MG_STOP_*, written by other threads through mg_host_request_stop
    int stop_signal;        // signal number when stop == MG_STOP_SIGNAL
    char stop_where[240];   // "chunk:line: " of the code the hook first stopped ("" until then)
    void *owner;            // the Swift LuaState (unretained), found again from any lua_State
} mg_host;

// Refusing an allocation while Swift code runs would make Lua longjmp through Swift frames,
// so the limit only binds while Lua code runs (swift_depth == 0). The trampoline re-checks
// the limit when the Swift function returns.
static inline void *mg_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    mg_host *h = (mg_host *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        h->used -= old;
        return NULL;
    }
    if (h->limit && h->swift_depth == 0 && nsize > old && h->used - old + nsize > h->limit) {
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p) {
        h->used = h->used - old + nsize;
        if (h->used > h->peak) h->peak = h->used;
    }
    return p;
}

static inline mg_host *mg_host_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (mg_host *)ud;
}

static inline long long mg_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Safe from any thread (signal handlers' dispatch sources, watchdogs).
static inline void mg_host_request_stop(mg_host *h, int reason, int signo) {
    __atomic_store_n(&h->stop_signal, signo, __ATOMIC_SEQ_CST);
    __atomic_store_n(&h->stop, reason, __ATOMIC_SEQ_CST);
}
static inline int mg_host_stop(mg_host *h) { return __atomic_load_n(&h->stop, __ATOMIC_SEQ_CST); }
static inline int mg_host_stop_signal(mg_host *h) { return __atomic_load_n(&h->stop_signal, __ATOMIC_SEQ_CST); }

// The count hook: once a stop is due it fires on every instruction, so a script that catches
// the error with pcall is stopped again at its next instruction outside the pcall.
static inline void mg_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    mg_host *h = mg_host_of(L);
    int stop = mg_host_stop(h);
    if (stop == MG_STOP_NONE && h->deadline_ns && mg_now_ns() >= h->deadline_ns) {
        mg_host_request_stop(h, MG_STOP_TIMEOUT, 0);
        stop = MG_STOP_TIMEOUT;
    }
    if (stop == MG_STOP_NONE) return;
    if (h->stop_where[0] == 0) {
        // Later raises land in whatever pcall'd the first one: only this one says where the code was.
        // Level 0: a hook runs in the frame of the function it interrupted.
        luaL_where(L, 0);
        const char *where = lua_tostring(L, -1);
        snprintf(h->stop_where, sizeof h->stop_where, "%s", where && where[0] ? where : "?");
        lua_pop(L, 1);
    }
    lua_sethook(L, mg_hook, LUA_MASKCOUNT, 1);
    if (stop == MG_STOP_TIMEOUT) luaL_error(L, "timeout: run time limit reached");
    luaL_error(L, "interrupted by signal %d", mg_host_stop_signal(h));
}

static inline void mg_install_hook(lua_State *L, int count) {
    lua_sethook(L, mg_hook, LUA_MASKCOUNT, count > 0 ? count : 1000);
}

// Withdraws a deadline and a timeout stop it raised (a signal's stop stays), and puts the hook back
// to its normal count: the host goes on running the state (a test runner, after one test timed out).
static inline void mg_host_clear_timeout(lua_State *L) {
    mg_host *h = mg_host_of(L);
    h->deadline_ns = 0;
    h->stop_where[0] = 0;
    int expected = MG_STOP_TIMEOUT;
    __atomic_compare_exchange_n(&h->stop, &expected, MG_STOP_NONE, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    if (mg_host_stop(h) == MG_STOP_NONE) mg_install_hook(L, 1000);
}

// ---------------------------------------------------------------------------------------------
// Message handler: keep the error value as is, remember where it happened and the traceback
// ---------------------------------------------------------------------------------------------

#define MG_TRACEBACK_KEY "moongate.traceback"
#define MG_WHERE_KEY "moongate.where"

// Stdlib modules are loaded with chunk names "=[stdlib] moongate/x.lua", so that messages can point
// past them to the script line that called them.
#define MG_STDLIB_CHUNK_PREFIX "=[stdlib] "

// Pushes "chunk:line" of the innermost Lua frame at or above `level` that is not stdlib code (or of
// the innermost Lua frame if all are); returns 0 and pushes nothing when there is no Lua frame.
static inline int mg_push_user_where(lua_State *L, int level) {
    lua_Debug ar;
    int found = 0;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        int is_stdlib = strncmp(ar.source, MG_STDLIB_CHUNK_PREFIX, strlen(MG_STDLIB_CHUNK_PREFIX)) == 0;
        if (found && is_stdlib) continue;
        if (found) lua_pop(L, 1);
        lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
        found = 1;
        if (!is_stdlib) break;
    }
    return found;
}

// The running C function's name as its caller saw it ("client", "encode"), as luaL_argerror finds
// it; *is_method is set when it was called with ':' (argument 1 is then self). NULL when unknown.
static inline const char *mg_callee_name(lua_State *L, int *is_method) {
    lua_Debug ar;
    *is_method = 0;
    if (!lua_getstack(L, 0, &ar) || !lua_getinfo(L, "n", &ar)) return NULL;
    *is_method = ar.namewhat != NULL && strcmp(ar.namewhat, "method") == 0;
    return ar.name;
}

static inline int mg_msgh(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
            msg = lua_tostring(L, -1);
        } else {
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        }
    }
    luaL_traceback(L, L, msg, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, MG_TRACEBACK_KEY);
    // The first line a script author can act on: not `error` itself, nor Moongate's own stdlib.
    if (mg_push_user_where(L, 1)) lua_setfield(L, LUA_REGISTRYINDEX, MG_WHERE_KEY);
    lua_settop(L, 1);
    return 1;
}

static inline void mg_push_msgh(lua_State *L) { lua_pushcfunction(L, mg_msgh); }

// ---------------------------------------------------------------------------------------------
// Embedded modules sharing a private value
// ---------------------------------------------------------------------------------------------

// A package.preload loader: calls upvalue 1 (a compiled chunk) with (module name, upvalue 2).
// In C, so an error in the chunk unwinds no Swift frame.
static inline int mg_embedded_loader(lua_State *L) {
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_call(L, 2, 1);
    return 1;
}

// Pops a chunk and a shared value (chunk below, value on top); pushes their loader.
static inline void mg_push_embedded_loader(lua_State *L) {
    lua_pushcclosure(L, mg_embedded_loader, 2);
}

// ---------------------------------------------------------------------------------------------
// Boxes: a Swift object kept alive by a Lua userdata, released by __gc
// ---------------------------------------------------------------------------------------------

typedef void (*mg_release_fn)(void *object);

typedef struct mg_box {
    void *object;           // retained Swift object (Unmanaged)
    mg_release_fn release;  // releases it
} mg_box;

static inline int mg_box_gc(lua_State *L) {
    mg_box *b = (mg_box *)lua_touserdata(L, 1);
    if (b && b->object && b->release) {
        void *o = b->object;
        b->object = NULL;
        b->release(o);
    }
    return 0;
}

// Pushes the box metatable `tname` (__name set by Lua, __gc releasing); returns 1 if it is new.
// `__metatable` protects it: getmetatable(box) gives the type name, never the table, so a script
// cannot give it a metatable of its own (an erroring __newindex would make Swift's writes raise).
static inline int mg_box_metatable(lua_State *L, const char *tname) {
    if (!luaL_newmetatable(L, tname)) return 0;
    lua_pushcfunction(L, mg_box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushstring(L, tname);
    lua_setfield(L, -2, "__metatable");
    return 1;
}

// Pushes a new box with metatable `tname` (created on first use).
static inline mg_box *mg_push_box(lua_State *L, void *object, mg_release_fn release, const char *tname) {
    mg_box *b = (mg_box *)lua_newuserdatauv(L, sizeof(mg_box), 1);
    b->object = object;
    b->release = release;
    mg_box_metatable(L, tname);
    lua_setmetatable(L, -2);
    return b;
}

// The Swift object in a box at idx when its metatable is `tname`, else NULL (never raises).
static inline void *mg_box_object(lua_State *L, int idx, const char *tname) {
    void *p = lua_touserdata(L, idx);
    if (p == NULL || lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
    luaL_getmetatable(L, tname);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same ? ((mg_box *)p)->object : NULL;
}

// ---------------------------------------------------------------------------------------------
// Trampoline: Lua → C → Swift, with raising and yielding done here, in C
// ---------------------------------------------------------------------------------------------

// What a Swift dispatcher returns:
//   n >= 0                 return n values from the stack top
//   MG_RAISE               raise the value on the stack top as is
//   MG_RAISE_WHERE         raise the string on the stack top, prefixed with "chunk:line: "
//   <= MG_YIELD_BASE       yield (MG_YIELD_BASE - status) values from the stack top; on resume
//                          the dispatcher is called again with resumed = 1
#define MG_RAISE (-1)
#define MG_RAISE_WHERE (-2)
#define MG_YIELD_BASE (-16)

static inline int mg_yield_status(int nvalues) { return MG_YIELD_BASE - nvalues; }

typedef int (*mg_dispatch_fn)(lua_State *L, void *function, int resumed);

static inline int mg_finish(lua_State *L, int status);

static inline int mg_call_swift(lua_State *L, int resumed) {
    mg_dispatch_fn dispatch = (mg_dispatch_fn)lua_touserdata(L, lua_upvalueindex(1));
    mg_box *box = (mg_box *)lua_touserdata(L, lua_upvalueindex(2));
    mg_host *h = mg_host_of(L);
    h->swift_depth++;
    int status = dispatch(L, box->object, resumed);
    h->swift_depth--;
    return mg_finish(L, status);
}

static inline int mg_continue(lua_State *L, int status, lua_KContext ctx) {
    (void)status; (void)ctx;
    return mg_call_swift(L, 1);
}

static inline int mg_finish(lua_State *L, int status) {
    mg_host *h = mg_host_of(L);
    if (h->limit && h->swift_depth == 0 && h->used > h->limit) {
        // Swift allocated past the limit: a small allocation now fails the way Lua's own do
        // (a full collection, a retry, then a real memory error) unless the collection freed enough.
        lua_newuserdatauv(L, 64, 0);
        lua_pop(L, 1);
    }
    if (status >= 0) return status;
    if (status == MG_RAISE) return lua_error(L);
    if (status == MG_RAISE_WHERE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return lua_yieldk(L, MG_YIELD_BASE - status, 0, mg_continue);
}

static inline int mg_trampoline(lua_State *L) { return mg_call_swift(L, 0); }

// Pushes a Lua function that calls `dispatch(L, function, resumed)`; `function` is kept alive
// by a box (metatable `tname`) in the closure's second upvalue.
static inline void mg_push_swift_function(lua_State *L, mg_dispatch_fn dispatch, void *function,
                                          mg_release_fn release, const char *tname) {
    lua_pushlightuserdata(L, (void *)dispatch);
    mg_push_box(L, function, release, tname);
    lua_pushcclosure(L, mg_trampoline, 2);
}

#endif
