"""Writes the seed corpus of the decode_response target, one input per answer
in tests/fixtures (samples/ and real/) and one per generated type that no
method answers, each starting with the selector byte of the decoder that
reads it (see DECODERS in tests/src/lib.rs: 0 the bare envelope, 1 a text
payload, then the spec's types in declaration order, files sorted by name).

    python3 fuzz/seed_decode_response.py      # from the repository root

Types nested in an answer get the nested element of a sample, wrapped in
<lfm status="ok">, found by following the spec's field names from the
answer's type. Needs PyYAML.
"""

import glob
import os
import re
import xml.etree.ElementTree as ET

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus", "decode_response")

packages = [yaml.safe_load(open(f, encoding="utf-8")) for f in sorted(glob.glob(os.path.join(ROOT, "spec", "*.yaml")))]
types = {}
order = []
responses = {}
for package in packages:
    for t in package.get("types") or []:
        types[t["name"]] = t
        order.append(t["name"])
    for m in package.get("methods") or []:
        responses[f"{package['package']}.{m['name']}"] = m["response"]


def selector(response):
    if response == "none":
        return 0
    if response["type"] == "string":
        return 1
    return 2 + order.index(response["type"])


def children(type_name):
    """(element name, nested type) for the type's fields that are types."""
    for field in types[type_name]["fields"]:
        if field["type"] in types:
            xml = field.get("xml", field["name"])
            if not xml.startswith("@") and xml != "$text":
                yield xml.split(":")[-1], field["type"]


def find(element, type_name, wanted, seen=()):
    """The first element decoded as `wanted` inside `element` (of `type_name`)."""
    if type_name == wanted:
        return element
    for name, nested in children(type_name):
        if nested in seen:
            continue
        for child in element:
            if child.tag.split("}")[-1].split(":")[-1] == name:
                found = find(child, nested, wanted, seen + (type_name,))
                if found is not None:
                    return found
    return None


def write(name, selector_byte, body):
    with open(os.path.join(OUT, name), "wb") as out:
        out.write(bytes([selector_byte]) + body)


answers = []  # (method, type, parsed payload)
for folder, prefix in (("samples", ""), ("real", "real-")):
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", folder, "*.xml"))):
        base = os.path.basename(path)
        method = re.split(r"__|\.xml$|\.batch", base)[0]
        body = open(path, "rb").read()
        write(prefix + base, selector(responses[method]), body)
        response = responses[method]
        if response != "none" and response["type"] in types:
            try:
                payload = ET.fromstring(body.replace(b"opensearch:", b""))[0]
                answers.append((method, response["type"], payload))
            except (ET.ParseError, IndexError):
                pass

for wanted in order:
    for method, type_name, payload in answers:
        element = find(payload, type_name, wanted)
        if element is not None and type_name != wanted:
            inner = ET.tostring(element, encoding="unicode")
            body = f'<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="ok">\n{inner}\n</lfm>\n'
            write(f"type-{wanted}.xml", 2 + order.index(wanted), body.encode("utf-8"))
            break
    else:
        if not any(t == wanted for _, t, _ in answers):
            print(f"no sample holds a {wanted}")

# Older seeds kept under other names, still bare XML: give them their selector.
for path in sorted(glob.glob(os.path.join(OUT, "*.xml"))):
    body = open(path, "rb").read()
    if body.startswith(b"<"):
        method = re.split(r"__|\.xml$|\.batch", os.path.basename(path).removeprefix("real-"))[0]
        write(os.path.basename(path), selector(responses[method]), body)
