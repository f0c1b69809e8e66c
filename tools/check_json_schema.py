#!/usr/bin/python3
"""Checks `lambdasim schema --format json-schema` with python3-jsonschema.

Usage: tools/check_json_schema.py LAMBDASIM SOURCE_DIR

The schema must be a valid draft-07 schema; it must accept every scenario
that `lambdasim validate` accepts (scenarios/, tests/data/golden/,
tests/data/scenarios/) and every default it declares; and it must reject a
few bad scenarios (an unknown key, a wrong enum value, a key that does not
apply to the arrival's `dist`, a missing required key, a duration without a
unit, a misspelt variant key path), each of which lambdasim rejects too.
Exit 0 when all holds, 1 otherwise (ctest json_schema_scenarios).
"""

import copy
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    sys.exit(f"check_json_schema: {e}: install python3-jsonschema and python3-yaml "
             "(tools/setup.sh)")


class Loader(yaml.SafeLoader):
    """YAML as lambdasim (yaml-cpp) reads it: no timestamps, so a value like
    2023-06-13 stays text as it does for lambdasim."""


Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def lambdasim_accepts(lambdasim, path):
    r = subprocess.run([lambdasim, "validate", path], capture_output=True, text=True)
    return r.returncode == 0


def errors(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def where(error):
    return ".".join(str(p) for p in error.absolute_path) or "(top)"


def defaults(node):
    """Every (description, default, schema) pair declared in the schema."""
    if isinstance(node, dict):
        if "default" in node:
            yield node.get("description", "")[:60], node["default"], node
        for v in node.values():
            yield from defaults(v)
    elif isinstance(node, list):
        for v in node:
            yield from defaults(v)


def bad_cases(base):
    """(what, document) pairs that lambdasim and the schema must both reject."""
    def with_change(change):
        doc = copy.deepcopy(base)
        change(doc)
        return doc

    fn = next(iter(base["spec"]["functions"]))

    def unknown_key(d):
        d["spec"]["functions"][fn]["memroy"] = "512MiB"

    def wrong_enum(d):
        d["spec"]["account"] = {"scaling": "fastest"}

    def not_for_dist(d):
        d["spec"]["functions"][fn]["arrivals"] = [{"dist": "poisson", "rate": "10/s",
                                                   "amplitude": "5/s"}]

    def missing_required(d):
        del d["metadata"]["name"]

    def no_unit(d):
        d["spec"]["horizon"] = "30"

    def bad_variant_key(d):
        d["spec"]["variants"] = {"v": {f"functions.{fn}.memroy": "512MiB"}}

    def bad_variant_value(d):
        d["spec"]["variants"] = {"v": {f"functions.{fn}.memory": "lots"}}

    return [("unknown key", with_change(unknown_key)),
            ("wrong enum value", with_change(wrong_enum)),
            ("key not for this dist", with_change(not_for_dist)),
            ("missing required key", with_change(missing_required)),
            ("duration without unit", with_change(no_unit)),
            ("misspelt variant key path", with_change(bad_variant_key)),
            ("variant value of the wrong type", with_change(bad_variant_value))]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lambdasim, root = sys.argv[1], sys.argv[2]
    out = subprocess.run([lambdasim, "schema", "--format", "json-schema"], check=True,
                         capture_output=True, text=True).stdout
    schema = json.loads(out)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = 0

    files = sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml")) +
                   glob.glob(os.path.join(root, "tests", "data", "golden", "*.yaml")) +
                   glob.glob(os.path.join(root, "tests", "data", "scenarios", "*.yaml")))
    accepted = 0
    for path in files:
        rel = os.path.relpath(path, root)
        valid = lambdasim_accepts(lambdasim, path)
        errs = errors(validator, load(path))
        if valid and errs:
            failures += 1
            for e in errs[:5]:
                print(f"FAIL {rel}: lambdasim accepts it, the schema rejects {where(e)}: "
                      f"{e.message[:200]}")
        elif valid:
            accepted += 1
        print(f"{'ok  ' if valid and not errs else 'FAIL' if valid else 'skip'} {rel}"
              f"{'' if valid else ' (lambdasim rejects it; schema errors: %d)' % len(errs)}")
    shipped = len(glob.glob(os.path.join(root, "scenarios", "*.yaml")))
    if accepted < shipped:
        failures += 1
        print(f"FAIL only {accepted} files accepted, fewer than the {shipped} shipped scenarios")

    checked = 0
    for what, default, node in defaults(schema):
        sub = {k: v for k, v in node.items() if k not in ("default", "description")}
        sub["definitions"] = schema["definitions"]
        e = list(jsonschema.Draft7Validator(sub).iter_errors(default))
        checked += 1
        if e:
            failures += 1
            print(f"FAIL default {default!r} of '{what}...' fails its own schema: {e[0].message}")
    print(f"ok   {checked} defaults valid against their own key's schema")

    base_path = os.path.join(root, "scenarios", "steady-api.yaml")
    base = load(base_path)
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"check_json_schema_{os.getpid()}.yaml")
    try:
        for what, doc in bad_cases(base):
            with open(tmp, "w", encoding="utf-8") as f:
                yaml.safe_dump(doc, f)
            errs = errors(validator, doc)
            rejected_by_lambdasim = not lambdasim_accepts(lambdasim, tmp)
            if not errs or not rejected_by_lambdasim:
                failures += 1
                print(f"FAIL {what}: schema errors {len(errs)}, lambdasim rejects: "
                      f"{rejected_by_lambdasim}")
            else:
                print(f"ok   {what}: rejected at {where(errs[0])}: {errs[0].message[:100]}")
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)

    print(f"{'FAILED' if failures else 'passed'}: {accepted} scenario files accepted, "
          f"{len(bad_cases(base))} bad ones checked, {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
