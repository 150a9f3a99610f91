#!/usr/bin/env bash
# Structure rules of issue 11, checked on the working tree; prints every violation, one a line,
# and exits 1 when there is any (0 and "structure: ok" otherwise):
#   - a Swift file in Sources/ over 600 lines;
#   - a function (func, init, subscript, accessor-free closure bodies excluded) in Sources/ over
#     100 lines whose doc comment does not say `hot kernel` (such a kernel must also have a plain
#     reference version beside it that a test compares; that part is for the reviewer);
#   - a target whose `import`s of package modules (targets and products) differ from its declared
#     dependencies in Package.swift (read through `swift package dump-package`), either way.
# System modules (Foundation, Glibc, Testing, ...) are not package modules and are ignored.
#
#   scripts/check-structure.sh          # from anywhere inside the repository
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-package > "${TMPDIR:-/tmp}/check-structure-$$.json"
trap 'rm -f "${TMPDIR:-/tmp}/check-structure-$$.json"' EXIT
exec python3 - "${TMPDIR:-/tmp}/check-structure-$$.json" <<'PY'
import json, os, re, sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 100
package = json.load(open(sys.argv[1]))
violations = []

def swift_files(folder):
    for root, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(root, name)

def code_mask(text):
    """The text with comments and string contents blanked (newlines kept), so that braces and
    keywords are only those of code. Handles nested block comments, multi-line strings, raw
    strings (#"..."#) and interpolations \\( ... ) holding strings of their own."""
    out = list(text)
    i, n = 0, len(text)
    stack = []  # modes: ("code", parens) for interpolations, ("str", hashes, multiline)
    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "
    while i < n:
        mode = stack[-1] if stack else None
        if mode is not None and mode[0] == "str":
            _, hashes, multi = mode
            close = ('"""' if multi else '"') + "#" * hashes
            if text.startswith(close, i):
                stack.pop(); i += len(close); continue
            if text.startswith("\\" + "#" * hashes + "(", i):
                blank(i, i + 2 + hashes); i += 2 + hashes
                stack.append(["code", 1]); continue
            if hashes == 0 and text[i] == "\\":
                blank(i, min(i + 2, n)); i += 2; continue
            if text[i] != "\n":
                out[i] = " "
            i += 1; continue
        # code (top level or inside an interpolation)
        if text.startswith("//", i):
            j = text.find("\n", i); j = n if j < 0 else j
            blank(i, j); i = j; continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j): depth += 1; j += 2
                elif text.startswith("*/", j): depth -= 1; j += 2
                else: j += 1
            blank(i, j); i = j; continue
        m = re.match(r'(#*)("""|")', text[i:i + 40])
        if m and (m.group(1) == "" or text[i] == "#"):
            hashes, quote = len(m.group(1)), m.group(2)
            stack.append(("str", hashes, quote == '"""'))
            i += hashes + len(quote); continue
        if mode is not None and mode[0] == "code":
            if text[i] == "(":
                mode[1] += 1
            elif text[i] == ")":
                mode[1] -= 1
                if mode[1] == 0:
                    stack.pop(); out[i] = " "; i += 1; continue
        i += 1
    return "".join(out)

DECL = re.compile(r'(?<![.\w])(func\s+[^\s(<]+|init[?!]?|subscript|deinit)\s*[(<{]')
CONTINUES = ("->", "throws", "rethrows", "async", "where", "{")

def functions(path):
    """(name, first line, line count, doc comment) of each function with a body."""
    text = open(path, encoding="utf-8").read()
    code = code_mask(text)
    lines = text.split("\n")
    starts = [0]
    for k, c in enumerate(code):
        if c == "\n":
            starts.append(k + 1)
    def line_of(pos):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= pos: lo = mid
            else: hi = mid - 1
        return lo
    for m in DECL.finditer(code):
        # The body's `{`: the first one outside parentheses, unless the declaration ends first.
        j, parens = m.end() - 1, 0
        body = None
        while j < len(code):
            c = code[j]
            if c in "([": parens += 1
            elif c in ")]": parens -= 1
            elif c == "{" and parens <= 0: body = j; break
            elif c == "}" and parens <= 0: break
            elif c == "\n" and parens <= 0:
                rest = code[j + 1:].lstrip()
                before = code[starts[line_of(j)]:j].rstrip()
                if not rest.startswith(CONTINUES) and not before.endswith((",", "->", "(")):
                    break
            j += 1
        if body is None:
            continue
        depth, k = 0, body
        while k < len(code):
            if code[k] == "{": depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0: break
            k += 1
        first, last = line_of(m.start()), line_of(k)
        doc, d = [], first - 1
        while d >= 0 and (lines[d].strip().startswith(("///", "@")) or lines[d].strip().startswith("//")):
            doc.append(lines[d]); d -= 1
        yield m.group(1), first + 1, last - first + 1, "\n".join(doc)

# Files and functions in Sources/.
for path in swift_files("Sources"):
    count = open(path, encoding="utf-8").read().count("\n")
    if count > MAX_FILE_LINES:
        violations.append(f"{path}: {count} lines (at most {MAX_FILE_LINES})")
    for name, line, length, doc in functions(path):
        if length > MAX_FUNCTION_LINES and "hot kernel" not in doc.lower():
            violations.append(f"{path}:{line}: {name} is {length} lines (at most {MAX_FUNCTION_LINES} without a 'hot kernel' doc comment)")

# Imports against declared dependencies.
targets = {t["name"]: t for t in package["targets"]}
product_modules = set()
for dep in package.get("dependencies", []):
    pass  # products are named in the targets' dependencies below
def declared(t):
    names = set()
    for d in t["dependencies"]:
        kind, value = next(iter(d.items()))
        names.add(value[0])
        if kind == "product":
            product_modules.add(value[0])
    return names
declared_by = {name: declared(t) for name, t in targets.items()}
package_modules = set(targets) | product_modules
IMPORT = re.compile(r'^\s*(?:@[\w()]+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)', re.M)
for name, t in targets.items():
    if t["type"] == "system":
        continue
    folder = t.get("path") or (("Tests/" if t["type"] == "test" else "Sources/") + name)
    imported = set()
    for path in swift_files(folder):
        code = code_mask(open(path, encoding="utf-8").read())
        imported |= {m for m in IMPORT.findall(code) if m in package_modules}
    imported.discard(name)
    for missing in sorted(imported - declared_by[name]):
        violations.append(f"Package.swift: {name} imports {missing} but does not declare it")
    for unused in sorted(declared_by[name] - imported):
        violations.append(f"Package.swift: {name} declares {unused} but does not import it")

for v in violations:
    print(v)
if violations:
    print(f"structure: {len(violations)} violation(s)", file=sys.stderr)
    sys.exit(1)
print("structure: ok")
PY
