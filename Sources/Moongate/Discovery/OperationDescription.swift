import CloudAPI

/// The text `moongate describe` prints: the list of operations, or one operation's parameters (type,
/// required, allowed values, how each travels) and response fields, all read from the catalog.
///
/// ```swift
/// print(OperationDescription.list())
/// print(OperationDescription(Catalog.operation(named: "DetachApiProduct")!).text)
/// ```
public struct OperationDescription {
    public let operation: Operation

    public init(_ operation: Operation) { self.operation = operation }

    /// One line per operation: name, Lua method, read/write, summary.
    public static func list(_ operations: [Operation] = Catalog.all) -> String {
        let nameWidth = operations.map(\.name.count).max() ?? 0
        let methodWidth = operations.map(\.snakeCaseName.count).max() ?? 0
        var lines = ["\(operations.count) operations (CloudAPI \(Catalog.apiVersion)); `moongate describe NAME` for one:"]
        for op in operations {
            lines.append("  " + op.name.padded(to: nameWidth) + "  " + op.snakeCaseName.padded(to: methodWidth)
                + "  " + op.effect.rawValue.padded(to: 5) + "  " + op.summary)
        }
        return lines.joined(separator: "\n")
    }

    public var text: String {
        var lines = ["\(operation.name): \(operation.summary)"]
        lines.append("  Lua:     client:\(operation.snakeCaseName){ … }   or   client:call(\"\(operation.name)\", { … })")
        lines.append("  Effect:  " + (operation.mutates
            ? "write (--dry-run plans it instead of sending it; retried when throttled)"
            : "read (sent even under --dry-run; retried on throttling and transient failures)"))
        if operation.mutates {
            // How a write whose outcome is unknown (5xx, reset or timeout after sending) is settled.
            lines.append("  Unknown outcome: \(operation.writeResolution.rawValue): \(operation.writeResolution.summary)")
        }
        if let paging = operation.paging {
            lines.append("  Paged:   items in \(paging.itemsPath.joined(separator: ".")); client:pages / client:each follow PageNumber")
        }
        lines.append("  Docs:    \(operation.docURL)")
        lines.append("")
        lines.append("Parameters:")
        if operation.parameters.isEmpty { lines.append("  (none)") }
        let width = operation.parameters.map(\.name.count).max() ?? 0
        for parameter in operation.parameters {
            lines.append(contentsOf: describe(parameter, width: width))
        }
        lines.append("")
        lines.append("Response:")
        lines.append(contentsOf: describe(fields: operation.response, indent: 2))
        if !operation.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines.append(contentsOf: operation.notes.map { "  - \($0)" })
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ parameter: Parameter, width: Int) -> [String] {
        var traits = [parameter.shape.typeName, parameter.required ? "required" : "optional"]
        switch parameter.transport {
        case .plain: break
        case .repeatList:
            let example = parameter.shape.fields.first.map { "\(parameter.name).1.\($0.name)" } ?? "\(parameter.name).1"
            traits.append("repeat-list (\(example), …)")
        case .commaJoined: traits.append("comma-joined (\(parameter.name)=a,b)")
        case .jsonString: traits.append("JSON string (a Lua table is encoded for you)")
        }
        if let values = parameter.allowedValues { traits.append("one of " + values.joined(separator: ", ")) }
        var lines = ["  " + parameter.name.padded(to: width) + "  " + traits.joined(separator: ", ")]
        if !parameter.doc.isEmpty { lines.append("  " + "".padded(to: width) + "  " + parameter.doc) }
        let itemFields = parameter.shape.fields
        if !itemFields.isEmpty {
            lines.append(contentsOf: describe(fields: itemFields, indent: width + 6))
        }
        return lines
    }

    private func describe(fields: [Field], indent: Int) -> [String] {
        let width = fields.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for field in fields {
            var line = String(repeating: " ", count: indent) + field.name.padded(to: width) + "  " + field.shape.typeName
            if let values = field.allowedValues { line += ", one of " + values.joined(separator: ", ") }
            if !field.doc.isEmpty { line += "  — " + field.doc }
            lines.append(line)
            if !field.shape.fields.isEmpty {
                lines.append(contentsOf: describe(fields: field.shape.fields, indent: indent + 4))
            }
        }
        return lines
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
