#!/usr/bin/python3
"""Validates `digest-query --format json` or `--format jsonl` output against the results schema.

Usage: check_json_schema.py [--jsonl] [--count N] [--schema PATH] [FILE]

Reads FILE (or stdin). With --jsonl every line must be one result object
(`$defs/paper`); otherwise the input must be one results document. --count checks
the number of results. Exit status: 0 valid, 1 invalid, 2 usage or missing module.
"""

import argparse
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_json_schema: python3-jsonschema is not installed "
             "(apt-get install python3-jsonschema)")

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                              "schema", "results.schema.json")


def no_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError("duplicate key %r" % key)
        seen[key] = value
    return seen


def load_json(text, where):
    try:
        return json.loads(text, object_pairs_hook=no_duplicate_keys), None
    except ValueError as e:
        return None, "%s: not valid JSON: %s" % (where, e)


def validate(validator, document, where):
    errors = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in error.absolute_path) or "(top)"
        errors.append("%s: at %s: %s" % (where, path, error.message))
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="input (default: stdin)")
    parser.add_argument("--jsonl", action="store_true", help="JSON lines, one result a line")
    parser.add_argument("--count", type=int, help="expected number of results")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help="schema file")
    args = parser.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)

    if args.file:
        with open(args.file, encoding="utf-8") as f:
            text = f.read()
    else:
        text = sys.stdin.read()

    errors = []
    count = 0
    if args.jsonl:
        # A result line is checked against the paper definition, with the same $defs.
        line_schema = {"$schema": schema.get("$schema"), "$defs": schema["$defs"],
                       "$ref": "#/$defs/paper"}
        validator = validator_class(line_schema)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        elif lines:
            errors.append("line %d: no newline at the end" % len(lines))
        for number, line in enumerate(lines, 1):
            where = "line %d" % number
            document, error = load_json(line, where)
            if error:
                errors.append(error)
                continue
            errors.extend(validate(validator, document, where))
            count += 1
    else:
        validator = validator_class(schema)
        document, error = load_json(text, "input")
        if error:
            errors.append(error)
        else:
            errors.extend(validate(validator, document, "input"))
            if isinstance(document, dict) and isinstance(document.get("results"), list):
                count = len(document["results"])

    if args.count is not None and count != args.count:
        errors.append("expected %d results, found %d" % (args.count, count))
    for error in errors:
        print("check_json_schema: " + error, file=sys.stderr)
    if errors:
        return 1
    print("check_json_schema: %d result(s) valid" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
