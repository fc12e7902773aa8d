#!/usr/bin/env python3
"""Validate a NIST SP 1500-100 v2 Election Results Reporting (CDF) JSON document.

Usage: scripts/validate-nist.py FILE [SCHEMA]

Two checks:
  1. JSON Schema validation with the `jsonschema` package, using the validator class the
     schema's "$schema" names (draft-04 for the NIST v2 schema), with format checking.
  2. References: every "@id" is unique, and every id reference (the "...Id" / "...Ids"
     properties) names an existing "@id". Where the schema gives the property's "refTypes",
     the referenced object must also be of one of those types. Properties the schema declares
     without "refTypes" (such as ElectionReport.VendorApplicationId) are names, not references.
     The schema itself cannot check references.

SCHEMA defaults to ../shared/standards/NIST_V2_election_results_reporting.json relative to the
repository root (the parent of this script's folder): shared/ is a sibling of the repository.

Prints a summary. Exit status: 0 valid; 1 the document is invalid or unreadable; 2 usage error
or the schema cannot be read; 3 the Python package jsonschema is not installed.
"""

import json
import os
import sys
import time
from collections import Counter

SCHEMA_NAME = "NIST_V2_election_results_reporting.json"
MAX_REPORTED = 25


def default_schema_path():
    candidates = []
    for script in (os.path.abspath(__file__), os.path.realpath(__file__)):
        repo = os.path.dirname(os.path.dirname(script))
        candidates.append(os.path.normpath(os.path.join(repo, "..", "shared", "standards", SCHEMA_NAME)))
    for path in candidates:
        if os.path.isfile(path):
            return path
    return candidates[0]


def json_path(parts):
    text = "$"
    for part in parts:
        text += "[%d]" % part if isinstance(part, int) else "." + str(part)
    return text


def objects(node, path=()):
    """Every JSON object in the document with its path, depth first, without recursion limits."""
    stack = [(node, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            yield value, where
            for key in reversed(list(value)):
                stack.append((value[key], where + (key,)))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], where + (index,)))


def reference_types(definitions, object_type, key):
    """(is_declared, refTypes) of a property according to the schema."""
    definition = definitions.get(object_type) if isinstance(object_type, str) else None
    if not isinstance(definition, dict):
        return False, None
    prop = definition.get("properties", {}).get(key)
    if not isinstance(prop, dict):
        return False, None
    types = prop.get("refTypes")
    if types is None and isinstance(prop.get("items"), dict):
        types = prop["items"].get("refTypes")
    return True, types


def check_references(document, definitions):
    errors = []
    ids = {}
    for obj, where in objects(document):
        if "@id" not in obj:
            continue
        identifier = obj["@id"]
        if not isinstance(identifier, str):
            continue  # the schema reports the type
        if identifier in ids:
            errors.append("%s: @id '%s' is already used at %s" % (json_path(where), identifier, json_path(ids[identifier][1])))
        else:
            ids[identifier] = (obj.get("@type"), where)

    checked = 0
    for obj, where in objects(document):
        object_type = obj.get("@type")
        for key, value in obj.items():
            if not (key.endswith("Id") or key.endswith("Ids")):
                continue
            declared, types = reference_types(definitions, object_type, key)
            if declared and types is None:
                continue
            values = value if isinstance(value, list) else [value]
            for index, target in enumerate(values):
                if not isinstance(target, str):
                    continue  # the schema reports the type
                checked += 1
                location = json_path(where + ((key, index) if isinstance(value, list) else (key,)))
                if target not in ids:
                    errors.append("%s: '%s' does not name any @id in the document" % (location, target))
                elif types and ids[target][0] not in types:
                    errors.append(
                        "%s: '%s' names a %s, expected %s" % (location, target, ids[target][0], " or ".join(types)))
    return errors, len(ids), checked


def describe(error, jsonschema):
    """(path, message) lines for one validation error. For a oneOf/anyOf of CDF classes the
    alternative whose "@type" the object claims is the one explained, recursively, instead of
    the generic "is not valid under any of the given schemas" with the whole object."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        claimed = error.instance.get("@type") if isinstance(error.instance, dict) else None
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        chosen = None
        for index, subs in branches.items():
            alternative = error.validator_value[index] if index < len(error.validator_value) else {}
            reference = alternative.get("$ref", "") if isinstance(alternative, dict) else ""
            if claimed is not None and reference.split("/")[-1] == claimed:
                chosen = subs
        if chosen is None:
            chosen = [jsonschema.exceptions.best_match(error.context)]
        lines = []
        for sub in chosen:
            lines += describe(sub, jsonschema)
        return lines
    message = error.message
    if len(message) > 300:
        message = message[:300] + "…"
    return [(json_path(error.absolute_path), message)]


def schema_errors(document, schema, jsonschema):
    from jsonschema.validators import validator_for

    cls = validator_for(schema, default=jsonschema.Draft4Validator)
    cls.check_schema(schema)
    format_checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    validator = cls(schema, format_checker=format_checker)
    lines = []
    for error in validator.iter_errors(document):
        lines += describe(error, jsonschema)
    lines.sort()
    return cls.__name__, ["%s: %s" % line for line in lines]


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    document_path = argv[1]
    schema_path = argv[2] if len(argv) == 3 else default_schema_path()

    try:
        import jsonschema
        import jsonschema.exceptions
    except ImportError:
        sys.stderr.write("error: the Python package 'jsonschema' is not installed (python3 -m pip install jsonschema)\n")
        return 3

    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as error:
        sys.stderr.write("error: cannot read the schema %s: %s\n" % (schema_path, error))
        return 2
    definitions = schema.get("definitions", {}) if isinstance(schema, dict) else {}

    started = time.monotonic()
    try:
        with open(document_path, "rb") as f:
            raw = f.read()
        document = json.loads(raw)
    except (OSError, ValueError) as error:
        print("%s: FAILED, cannot read the document: %s" % (document_path, error))
        return 1

    try:
        validator_name, schema_messages = schema_errors(document, schema, jsonschema)
    except jsonschema.exceptions.SchemaError as error:
        sys.stderr.write("error: %s is not a valid JSON Schema: %s\n" % (schema_path, error.message))
        return 2
    schema_seconds = time.monotonic() - started
    reference_messages, id_count, reference_count = check_references(document, definitions)
    seconds = time.monotonic() - started

    types = Counter(obj.get("@type") for obj, _ in objects(document) if isinstance(obj.get("@type"), str))
    print("document:   %s (%d bytes)" % (document_path, len(raw)))
    print("schema:     %s (%s)" % (schema_path, validator_name))
    print("objects:    %d (%s)" % (
        sum(types.values()),
        ", ".join("%s %d" % (name.split(".")[-1], count) for name, count in sorted(types.items(), key=lambda t: (-t[1], t[0])))))
    print("ids:        %d defined, %d references checked" % (id_count, reference_count))
    print("time:       %.2f s (schema %.2f s)" % (seconds, schema_seconds))
    for title, messages in (("schema errors", schema_messages), ("reference errors", reference_messages)):
        if not messages:
            continue
        print("%s: %d" % (title, len(messages)))
        for message in messages[:MAX_REPORTED]:
            print("  " + message)
        if len(messages) > MAX_REPORTED:
            print("  … and %d more" % (len(messages) - MAX_REPORTED))
    if schema_messages or reference_messages:
        print("FAILED: %d schema error(s), %d reference error(s)" % (len(schema_messages), len(reference_messages)))
        return 1
    print("OK: valid against the schema, every reference resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
