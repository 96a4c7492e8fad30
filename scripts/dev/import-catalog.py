#!/usr/bin/env python3
"""Bootstraps the Swift catalog (Sources/CloudAPI/Catalog/Operations+*.swift) from the reference
operations.json produced from the official SDK. Run once per import; the Swift files are the source of
truth afterwards and are edited by hand (a new operation is one new entry).

usage: scripts/dev/import-catalog.py path/to/operations.json Sources/CloudAPI/Catalog
"""
import json, re, sys

FAMILIES = {
    "Backend": ["CreateBackend", "DescribeBackendInfo", "DescribeBackendList", "ModifyBackend",
                "DeleteBackend", "DescribeApisByBackend", "DescribeUpdateBackendTask"],
    "BackendModel": ["CreateBackendModel", "ModifyBackendModel", "DeleteBackendModel"],
    "ApiProduct": ["AttachApiProduct", "DetachApiProduct", "DeleteApiProduct", "DescribeApiProductApis",
                   "DescribeApiProductsByApp", "DescribeAppsByApiProduct", "SetApiProductsAuthorities",
                   "RemoveApiProductsAuthorities", "SetAppsAuthToApiProduct"],
}
BACKEND_TYPES = ["HTTP", "VPC", "FC_EVENT", "FC_EVENT_V3", "FC_HTTP", "FC_HTTP_V3", "OSS", "MOCK"]
STAGES = ["RELEASE", "PRE", "TEST"]
# Where the SDK metadata and the docs disagree, the call cannot work without the parameter.
REQUIRED_DESPITE_SDK = "required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it"


def short(doc):
    if not doc:
        return ""
    text = re.sub(r"[*`]", "", doc.strip().split("\n")[0]).strip()
    m = re.match(r"(.+?\.)(\s|$)", text)
    text = m.group(1) if m else text
    return text[:140].replace("\\", "\\\\").replace('"', '\\"')


def camel(name):
    return name[0].lower() + name[1:]


def enum_ref(values):
    if values == BACKEND_TYPES:
        return "Catalog.backendTypes"
    if values == STAGES:
        return "Catalog.stageNames"
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


hoisted = {}  # name -> swift text


def fields_swift(fields, indent, depth):
    lines = []
    for name, f in fields.items():
        lines.append(" " * indent + field_swift(name, f, indent, depth) + ",")
    return "\n".join(lines)


def scalar_shape(t):
    return {"string": ".string", "integer": ".integer", "boolean": ".boolean", "number": ".double"}[t]


def field_swift(name, f, indent, depth):
    doc = short(f.get("sdk_doc") or f.get("doc"))
    t = f["type"]
    if t in ("string", "integer", "boolean"):
        if f.get("enum"):
            return f'.string("{name}", oneOf: {enum_ref(f["enum"])}, "{doc}")'
        return f'.{t}("{name}", "{doc}")'
    if t == "object":
        return f'.object("{name}", {nested(name, f["fields"], indent, depth)}, "{doc}")'
    if t == "array":
        item = f["items"]
        if item["type"] == "object":
            return f'.list("{name}", of: {nested(name, item["fields"], indent, depth)}, "{doc}")'
        return f'.list("{name}", of: {scalar_shape(item["type"])}, "{doc}")'
    raise SystemExit(f"unknown type {t} for {name}")


def nested(name, fields, indent, depth):
    # Deep models (BackendConfig and its parts) get a name of their own so the operation stays readable.
    if depth >= 3:
        key = camel(name)
        hoisted[key] = f"    static let {key}: [Field] = [\n{fields_swift(fields, 8, depth + 1)}\n    ]"
        return f"Catalog.{key}"
    return "[\n" + fields_swift(fields, indent + 4, depth + 1) + "\n" + " " * indent + "]"


def param_swift(name, p, op):
    doc = short(p.get("doc"))
    req = p.get("required")
    required = bool(req) or req is None
    r = ", required: true" if required else ""
    enc = p["transport"]["encoding"]
    t = p["type"]
    if name == "BackendModelData":
        return f'.json("{name}"{r}, "A JSON document describing the backend, e.g. {{\\"ServiceAddress\\":\\"http://10.0.0.1:8080\\"}}.")'
    if enc == "repeat-list-flattened":
        item = p["items"]
        if item["type"] == "object":
            return f'.repeatList("{name}", of: [\n{fields_swift(item["fields"], 16, 9)}\n            ]{r}, "{doc}")'
        return f'.repeatList("{name}", of: {scalar_shape(item["type"])}{r}, "{doc}")'
    if enc == "shrink":
        return f'.commaJoined("{name}", of: {scalar_shape(p["items"]["type"])}{r}, "{doc}")'
    if p.get("enum"):
        return f'.string("{name}"{r}, oneOf: {enum_ref(p["enum"])}, "{doc}")'
    return f'.{t}("{name}"{r}, "{doc}")'


def operation_swift(name, op):
    effect = ".read" if name.startswith("Describe") else ".write"
    params = []
    notes = []
    for pname, p in op["params"].items():
        if pname == "SecurityToken":
            continue  # the credential's STS token is added by the signer, never a script parameter
        if p.get("required") is None:
            notes.append(f"{pname}: {REQUIRED_DESPITE_SDK}.")
        params.append("            " + param_swift(pname, p, op) + ",")
    resp = op["response"]["fields"]
    paging = ""
    if "TotalCount" in resp:
        for fname, f in resp.items():
            if f["type"] == "array":
                paging = f'\n        paging: .init(itemsPath: ["{fname}"]),'
            elif f["type"] == "object" and any(x["type"] == "array" for x in f["fields"].values()):
                inner = next(k for k, x in f["fields"].items() if x["type"] == "array")
                paging = f'\n        paging: .init(itemsPath: ["{fname}", "{inner}"]),'
    notes_text = ""
    if notes:
        notes_text = "\n        notes: [\n" + "\n".join(f'            "{n}",' for n in notes) + "\n        ],"
    return f'''    static let {camel(name)} = Operation(
        "{name}", {effect},
        summary: "{short(op["description"])}",
        docURL: "{op["doc_url"]}",
        parameters: [
{chr(10).join(params)}
        ],
        response: [
{fields_swift(resp, 12, 1)}
        ],{paging}{notes_text}
    )
'''.replace(",\n    )", "\n    )")


def main():
    ops = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    for family, names in FAMILIES.items():
        body = "\n".join(operation_swift(n, ops[n]) for n in names)
        header = (f"// The {family} family of API Gateway operations (CloudAPI 2016-07-14).\n"
                  "// Imported from the official SDK's metadata by scripts/dev/import-catalog.py, then kept by hand.\n\n")
        open(f"{out}/Operations+{family}.swift", "w").write(header + "extension Catalog {\n" + body + "}\n")
    if hoisted:
        header = ("// The backend configuration models that DescribeBackendInfo returns (BackendConfig and its parts).\n"
                  "// The emulator decodes BackendModelData into this shape.\n\n")
        body = "\n\n".join(hoisted[k] for k in reversed(list(hoisted)))
        open(f"{out}/Shapes+BackendConfig.swift", "w").write(header + "extension Catalog {\n" + body + "\n}\n")


main()
