#!/usr/bin/env python3
"""Writes docs/profiles/: one readable Markdown page per profile of the registry package, and an index.

Reads only the package sources (fhir-profiles/src/main/fhir). Run it after changing a profile:
    python3 fhir-profiles/tools/profile_pages.py
"""
import glob
import json
import os

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SRC = os.path.join(ROOT, "fhir-profiles", "src", "main", "fhir")
OUT = os.path.join(ROOT, "docs", "profiles")


def load(pattern):
    resources = []
    for path in sorted(glob.glob(os.path.join(SRC, pattern))):
        with open(path) as f:
            resources.append(json.load(f))
    return resources


STRUCTURES = {sd["url"]: sd for sd in load("StructureDefinition-*.json")}
VALUE_SETS = {vs["url"]: vs for vs in load("ValueSet-*.json")}
SEARCH = load("SearchParameter-*.json")
EXAMPLES = [os.path.basename(p) for p in sorted(glob.glob(os.path.join(SRC, "examples", "*.json")))]


def link_value_set(url):
    vs = VALUE_SETS.get(url)
    if not vs:
        return f"`{url}`"
    codes = []
    for include in vs["compose"]["include"]:
        if "concept" in include:
            codes += [c["code"] for c in include["concept"]]
        else:
            cs = json.load(open(os.path.join(SRC, f"CodeSystem-{include['system'].rsplit('/', 1)[1]}.json")))
            codes += [c["code"] for c in cs["concept"]]
    shown = ", ".join(f"`{c}`" for c in codes[:12]) + (" ..." if len(codes) > 12 else "")
    return f"{vs['title']} (`{url}`): {shown}"


def types(element):
    out = []
    for t in element.get("type", []):
        target = t.get("targetProfile") or t.get("profile")
        if target:
            names = [STRUCTURES[u]["title"] if u in STRUCTURES else u.rsplit("/", 1)[1] for u in target]
            out.append(f"{t['code']}({' | '.join(names)})")
        else:
            out.append(t["code"])
    return ", ".join(out)


def element_rows(sd):
    rows = []
    for e in sd["differential"]["element"]:
        if e["id"] == sd["type"] or e["path"].endswith(".extension") and "slicing" in e and "sliceName" not in e:
            continue
        card = f"{e['min'] if 'min' in e else ''}..{e['max'] if 'max' in e else ''}" if "min" in e or "max" in e else ""
        rule = []
        if "binding" in e:
            rule.append(f"{e['binding']['strength']} binding to {link_value_set(e['binding']['valueSet'])}")
        for key, value in e.items():
            if key.startswith(("fixed", "pattern")):
                rule.append(f"{key}: `{json.dumps(value)}`")
        if "slicing" in e:
            rule.append("sliced by " + ", ".join(d["path"] for d in e["slicing"]["discriminator"]))
        for c in e.get("constraint", []):
            rule.append(f"**{c['key']}**: {c['human']}")
        if e.get("short"):
            rule.append(e["short"])
        rows.append(f"| `{e['id']}` | {card} | {types(e)} | {'; '.join(rule)} |")
    return rows


def extension_section(url):
    ext = STRUCTURES.get(url)
    if not ext:
        return []
    lines = [f"### {ext['title']}", "", f"`{url}` — {ext['description']}", ""]
    subs = [e for e in ext["differential"]["element"] if e["id"].startswith("Extension.extension:") and e["path"] == "Extension.extension"]
    if subs:
        lines += ["| part | card. | type | rule |", "|---|---|---|---|"]
        for s in subs:
            value = next(e for e in ext["differential"]["element"] if e["id"] == s["id"] + ".value[x]")
            rule = []
            if "binding" in value:
                rule.append(f"{value['binding']['strength']}: {link_value_set(value['binding']['valueSet'])}")
            rule += [f"**{c['key']}**: {c['human']}" for c in value.get("constraint", [])]
            lines.append(f"| `{s['sliceName']}` | {s['min']}..{s['max']} | {types(value)} | {s['short']}{'; ' if rule else ''}{'; '.join(rule)} |")
    else:
        value = next(e for e in ext["differential"]["element"] if e["id"] == "Extension.value[x]")
        rule = [f"{value['binding']['strength']}: {link_value_set(value['binding']['valueSet'])}"] if "binding" in value else []
        rule += [f"**{c['key']}**: {c['human']}" for c in value.get("constraint", [])]
        lines.append(f"Value: {types(value)}{'. ' + '; '.join(rule) if rule else ''}")
    return lines + [""]


def page(sd):
    lines = [f"# {sd['title']}", "", sd["description"], "",
             f"- Canonical: `{sd['url']}` (version {sd['version']})",
             f"- Profiles: `{sd['type']}` (FHIR R4, https://hl7.org/fhir/R4/{sd['type'].lower()}.html)",
             f"- Declare it: `\"meta\": {{\"profile\": [\"{sd['url']}\"]}}`", ""]
    root = sd["differential"]["element"][0]
    if root.get("constraint"):
        lines += ["## Rules", ""] + [f"- **{c['key']}**: {c['human']} (`{c['expression']}`)" for c in root["constraint"]] + [""]
    lines += ["## Elements", "", "| element | card. | type | rule |", "|---|---|---|---|"] + element_rows(sd) + [""]
    extension_urls = [p for e in sd["differential"]["element"] for t in e.get("type", []) if t["code"] == "Extension" for p in t.get("profile", [])]
    own = [u for u in extension_urls if u in STRUCTURES]
    if own:
        lines += ["## Extensions", ""]
        for u in own:
            lines += extension_section(u)
    params = [sp for sp in SEARCH if sd["type"] in sp["base"]]
    if params:
        lines += ["## Search parameters on " + sd["type"], "", "| code | type | expression | description |", "|---|---|---|---|"]
        lines += [f"| `{sp['code']}` | {sp['type']} | `{sp['expression']}` | {sp['description']} |" for sp in params] + [""]
    examples = [x for x in EXAMPLES if x.startswith(sd["type"] + "-")]
    if examples:
        lines += ["## Examples", ""] + [f"- [`{x}`](../../fhir-profiles/src/main/fhir/examples/{x})" for x in examples] + [""]
    return "\n".join(lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    profiles = [sd for sd in STRUCTURES.values() if sd["type"] != "Extension"]
    index = ["# regen-registry profiles", "",
             "Generated from the package sources by `fhir-profiles/tools/profile_pages.py`.", "",
             "| profile | resource | what it is |", "|---|---|---|"]
    for sd in sorted(profiles, key=lambda s: s["id"]):
        with open(os.path.join(OUT, f"{sd['id']}.md"), "w") as f:
            f.write(page(sd))
        index.append(f"| [{sd['title']}]({sd['id']}.md) | {sd['type']} | {sd['description']} |")
    trials = [x for x in EXAMPLES if x.startswith("Bundle-")]
    index += ["", "## Complete example trials (transaction Bundles)", ""]
    index += [f"- [`{x}`](../../fhir-profiles/src/main/fhir/examples/{x})" for x in trials]
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
