#!/usr/bin/env python3
"""Writes the implementation guide of the registry package from its sources (fhir-profiles/src/main/fhir):

- docs/profiles/: an index, one Markdown page per profile, and pages for the extensions, the terminology (code
  systems, value sets, the concept map), the search parameters and the examples;
- the package's ImplementationGuide resource, which lists every resource of the package and those pages.

Run it after changing anything in the package:
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
CODE_SYSTEMS = load("CodeSystem-*.json")
CONCEPT_MAPS = load("ConceptMap-*.json")
NAMING_SYSTEMS = load("NamingSystem-*.json")
with open(os.path.join(ROOT, "fhir-profiles", "package.json")) as f:
    PACKAGE = json.load(f)
IG_ID = PACKAGE["name"]
IG_FILE = os.path.join(SRC, f"ImplementationGuide-{IG_ID}.json")
PAGES = [
    ("README.md", "Implementation guide"),
    ("extensions.md", "Extensions"),
    ("terminology.md", "Terminology"),
    ("search-parameters.md", "Search parameters"),
    ("examples.md", "Examples"),
]
EXAMPLE_LINK = "../../fhir-profiles/src/main/fhir/examples/"
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
            codes += [c["code"] for c in cs.get("concept", [])]
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
    examples = [name for name, r in example_resources() if sd["url"] in r.get("meta", {}).get("profile", [])]
    if examples:
        lines += ["## Examples", ""] + [f"- [`{x}`]({EXAMPLE_LINK}{x})" for x in examples] + [""]
    return "\n".join(lines)


def summary(description):
    """The first paragraph of a description, for a table cell (profile pages show the rest)."""
    return cell(description.split("\n\n", 1)[0])


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def extensions_page():
    lines = ["# Extensions", "",
             "Every extension of the package, with where it may be used and what its value holds.", ""]
    for sd in sorted((sd for sd in STRUCTURES.values() if sd["type"] == "Extension"), key=lambda s: s["id"]):
        contexts = ", ".join(f"`{c['expression']}`" for c in sd.get("context", []))
        lines += extension_section(sd["url"])
        lines.insert(len(lines) - 1, f"\nUsed on: {contexts or 'any element'}")
    return "\n".join(lines) + "\n"


def terminology_page():
    lines = ["# Terminology", "",
             "The package's code systems, its value sets and the map from SNOMED CT and ICD-10-CM conditions to the "
             "registry's condition groups. Codes of external terminologies (SNOMED CT, LOINC, ICD-10-CM, NCI Thesaurus) "
             "are listed in the value sets that use them.", "", "## Code systems", ""]
    for cs in CODE_SYSTEMS:
        lines += [f"### {cs['title']}", "", f"`{cs['url']}` — {cs['description']}", ""]
        if cs.get("concept"):
            lines += ["| code | display | definition |", "|---|---|---|"]
            lines += [f"| `{c['code']}` | {cell(c['display'])} | {cell(c.get('definition', ''))} |"
                      for c in cs["concept"]]
            lines.append("")
    lines += ["## Identifier systems", "", "| system | what it identifies |", "|---|---|"]
    for ns in NAMING_SYSTEMS:
        lines.append(f"| `{ns['uniqueId'][0]['value']}` | {cell(ns['description'])} |")
    lines.append("")
    lines += ["## Value sets", "", "| value set | URL | codes |", "|---|---|---|"]
    for vs in VALUE_SETS.values():
        lines.append(f"| {cell(vs['title'])} | `{vs['url']}` | {cell(link_value_set(vs['url']).split(': ', 1)[1])} |")
    lines.append("")
    for cm in CONCEPT_MAPS:
        lines += [f"## {cm['title']}", "", f"`{cm['url']}` — {cm['description']}", "",
                  "| source system | code | display | condition group | equivalence |", "|---|---|---|---|---|"]
        for group in cm["group"]:
            for element in group["element"]:
                for target in element.get("target", []):
                    lines.append(f"| `{group['source']}` | `{element['code']}` | {cell(element.get('display', ''))} "
                                 f"| `{target['code']}` | {target['equivalence']} |")
        lines.append("")
    return "\n".join(lines)


def search_parameters_page():
    lines = ["# Search parameters", "",
             "The registry's own search parameters, beside FHIR R4's. Each is usable as `GET /fhir/<base>?<code>=...`.",
             "", "| code | base | type | expression | description |", "|---|---|---|---|---|"]
    for sp in sorted(SEARCH, key=lambda sp: (sp["base"], sp["code"])):
        lines.append(f"| `{sp['code']}` | {', '.join(sp['base'])} | {sp['type']} | `{cell(sp['expression'])}` "
                     f"| {cell(sp['description'])} |")
    return "\n".join(lines) + "\n"


def example_resources():
    for name in EXAMPLES:
        with open(os.path.join(SRC, "examples", name)) as f:
            yield name, json.load(f)


def examples_page():
    lines = ["# Examples", "",
             "Every example of the package validates against the profiles it declares, with HAPI and with the official "
             "HL7 validator. The transaction Bundles are complete trials: POST one to `/fhir` to load it. The collection "
             "Bundle that declares Outcome submission is a site's signed outcome package.", "",
             "| example | resource | profile |", "|---|---|---|"]
    for name, resource in example_resources():
        profiles = resource.get("meta", {}).get("profile", [])
        named = ", ".join(f"[{STRUCTURES[u]['title']}]({STRUCTURES[u]['id']}.md)" for u in profiles) or (
            f"{resource.get('type', '')} Bundle" if resource["resourceType"] == "Bundle" else "")
        lines.append(f"| [`{name}`]({EXAMPLE_LINK}{name}) | {resource['resourceType']}/{resource['id']} | {named} |")
    return "\n".join(lines) + "\n"


def implementation_guide():
    """The ImplementationGuide resource: every conformance resource and example of the package, and the pages."""
    resources = []
    for path in sorted(glob.glob(os.path.join(SRC, "*.json"))):
        with open(path) as f:
            r = json.load(f)
        if r["resourceType"] == "ImplementationGuide":
            continue
        resources.append({"reference": {"reference": f"{r['resourceType']}/{r['id']}"},
                          "name": r.get("title", r.get("name", r["id"])), "exampleBoolean": False})
    for name, r in example_resources():
        entry = {"reference": {"reference": f"{r['resourceType']}/{r['id']}"}, "name": name[:-len(".json")]}
        profiles = r.get("meta", {}).get("profile", [])
        if profiles:
            entry["exampleCanonical"] = profiles[0]
        else:
            entry["exampleBoolean"] = True
        resources.append(entry)
    index = PAGES[0]
    return {
        "resourceType": "ImplementationGuide",
        "id": IG_ID,
        "url": f"{PACKAGE['canonical']}/ImplementationGuide/{IG_ID}",
        "version": PACKAGE["version"],
        "name": "RegenRegistry",
        "title": PACKAGE["title"],
        "status": "active",
        "experimental": False,
        "publisher": PACKAGE["author"],
        "description": PACKAGE["description"],
        "packageId": PACKAGE["name"],
        "license": PACKAGE["license"],
        "fhirVersion": PACKAGE["fhirVersions"],
        "definition": {
            "resource": resources,
            "page": {
                "nameUrl": index[0], "title": index[1], "generation": "markdown",
                "page": [{"nameUrl": name, "title": title, "generation": "markdown"} for name, title in PAGES[1:]]
                + [{"nameUrl": f"{sd['id']}.md", "title": sd["title"], "generation": "markdown"}
                   for sd in sorted(STRUCTURES.values(), key=lambda s: s["id"]) if sd["type"] != "Extension"],
            },
        },
    }


def write(name, text):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    profiles = [sd for sd in STRUCTURES.values() if sd["type"] != "Extension"]
    index = [f"# {PACKAGE['title']}", "", PACKAGE["description"], "",
             f"FHIR R4 package `{PACKAGE['name']}#{PACKAGE['version']}`, canonical `{PACKAGE['canonical']}`, "
             f"described by the ImplementationGuide resource [`{os.path.basename(IG_FILE)}`]"
             f"(../../fhir-profiles/src/main/fhir/{os.path.basename(IG_FILE)}). "
             "Generated from the package sources by `fhir-profiles/tools/profile_pages.py`.", "",
             "- [Extensions](extensions.md)", "- [Terminology](terminology.md): code systems, identifier systems, value sets, concept map",
             "- [Search parameters](search-parameters.md)", "- [Examples](examples.md)", "",
             "## Profiles", "", "| profile | resource | what it is |", "|---|---|---|"]
    for sd in sorted(profiles, key=lambda s: s["id"]):
        write(f"{sd['id']}.md", page(sd))
        index.append(f"| [{sd['title']}]({sd['id']}.md) | {sd['type']} | {summary(sd['description'])} |")
    trials = [name for name, r in example_resources() if r["resourceType"] == "Bundle" and r["type"] == "transaction"]
    index += ["", "## Complete example trials (transaction Bundles)", ""]
    index += [f"- [`{x}`]({EXAMPLE_LINK}{x})" for x in trials]
    write("README.md", "\n".join(index) + "\n")
    write("extensions.md", extensions_page())
    write("terminology.md", terminology_page())
    write("search-parameters.md", search_parameters_page())
    write("examples.md", examples_page())
    guide = implementation_guide()
    with open(IG_FILE, "w") as f:
        json.dump(guide, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
