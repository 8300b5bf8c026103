#!/usr/bin/env python3
"""Fails when a target imports a module of this package that Package.swift does not list among its
direct dependencies (a transitive one compiles today and breaks when the graph changes).

SwiftPM's own `--explicit-target-dependency-import-check error` reports nothing with this toolchain on
Linux (checked with a three-target package), so the rule is checked here from `swift package
dump-package` and the sources' import lines. Usage: scripts/check-imports.py (from anywhere)."""
import json, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], cwd=root, stderr=subprocess.DEVNULL))
targets = {t["name"]: t for t in package["targets"]}
imports = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|public\s+|internal\s+|private\s+)?import\s+(?:struct\s+|class\s+|enum\s+|func\s+)?(\w+)", re.M)

def folder(target):
    if target.get("path"):
        return os.path.join(root, target["path"])
    return os.path.join(root, "Tests" if target["type"] == "test" else "Sources", target["name"])

def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names

problems = []
for name, target in sorted(targets.items()):
    if target["type"] == "system":
        continue
    allowed = declared(target)
    for directory, _, files in os.walk(folder(target)):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(directory, file)
            text = open(path, encoding="utf-8").read()
            for match in imports.finditer(text):
                module = match.group(1)
                if module in targets and module != name and module not in allowed:
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{os.path.relpath(path, root)}:{line}:1: error: target '{name}' imports '{module}' "
                                    f"without declaring it; add \"{module}\" to its dependencies in Package.swift")
for problem in problems:
    print(problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-imports: every import of a package module is a declared dependency ({len(targets)} targets)")
