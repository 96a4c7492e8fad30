// LuaKit module: see README.md and ../DEVELOPERS guide for what it owns.
