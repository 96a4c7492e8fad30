// LogFormat: text or JSON lines for moongate.log.

/// Log line format of `moongate.log`.
public enum LogFormat: String, CaseIterable, Sendable {
    case text, json
}
