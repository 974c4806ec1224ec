#!/usr/bin/env python3
"""The registry against stock HAPI FHIR 8.8.0 JPA, side by side in one run: the very same transaction Bundles posted
to each in alternating rounds, resources stored per second and Bundle latency for each, and their ratio.

Run by `BENCH=side-by-side bench/run.sh h2|postgres`, which starts both servers on fresh databases (the stock one
from bench/stock-hapi/, on the registry's BOMs). Kinds of Bundle:
  trials        the four example trials of the package as POST transactions (fresh ids and identifiers each time);
                the registry validates every profiled resource, indexes the trial and checks every reference
  observations  1 Patient and 9 unprofiled Observations: storage without validation on both
The registry's requests carry a site's token (bench/registry_auth.py); stock HAPI's carry none. Standard library
only; prints one JSON document.
"""
import argparse
import copy
import json
import os
import statistics
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import registry_auth

FHIR_JSON = "application/fhir+json"
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fhir-profiles", "src", "main", "fhir",
                        "examples")
TRIALS = ["prp-knee-oa", "msc-disc-degeneration", "exosome-tendinopathy", "aav-neuropathic-pain"]


def example_trials():
    bundles = []
    for key in TRIALS:
        with open(os.path.join(EXAMPLES, f"Bundle-{key}-trial.json")) as f:
            bundles.append(json.load(f))
    return bundles


def replace_references(node, mapping):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str) and value in mapping:
                node[key] = mapping[value]
            else:
                replace_references(value, mapping)
    elif isinstance(node, list):
        for item in node:
            replace_references(item, mapping)


def fresh_identifiers(node, suffix):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "identifier":
                for identifier in value if isinstance(value, list) else [value]:
                    if isinstance(identifier, dict) and "value" in identifier:
                        identifier["value"] = f"{identifier['value']}-{suffix}"
            else:
                fresh_identifiers(value, suffix)
    elif isinstance(node, list):
        for item in node:
            fresh_identifiers(item, suffix)


def as_post_transaction(bundle):
    """The example's PUT transaction as a POST one: new urn:uuid fullUrls, references to them, fresh identifiers."""
    bundle = copy.deepcopy(bundle)
    mapping = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        mapping[f"{resource['resourceType']}/{resource['id']}"] = f"urn:uuid:{uuid.uuid4()}"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        entry["fullUrl"] = mapping[f"{resource['resourceType']}/{resource['id']}"]
        del resource["id"]
        entry["request"] = {"method": "POST", "url": resource["resourceType"]}
    replace_references(bundle, mapping)
    fresh_identifiers(bundle, uuid.uuid4().hex[:12])
    return bundle


def observations_bundle():
    patient = f"urn:uuid:{uuid.uuid4()}"
    entries = [{"fullUrl": patient, "resource": {"resourceType": "Patient", "active": True,
                                                  "identifier": [{"system": "https://bench.example.org/patients",
                                                                  "value": uuid.uuid4().hex}]},
                "request": {"method": "POST", "url": "Patient"}}]
    for index in range(9):
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": {
            "resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
            "subject": {"reference": patient}, "effectiveDateTime": "2026-03-02", "valueInteger": index},
            "request": {"method": "POST", "url": "Observation"}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def post(url, body, headers):
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": FHIR_JSON, "Accept": FHIR_JSON, **headers})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            ok = response.status == 200
    except urllib.error.HTTPError as error:
        error.read()
        ok = False
    return ok, time.perf_counter() - started


def round_on(server, bundles, clients):
    headers = server["headers"]()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda bundle: post(server["fhir"], bundle, headers), bundles))
    wall = time.perf_counter() - started
    stored = sum(len(bundle["entry"]) for bundle, (ok, _) in zip(bundles, results) if ok)
    latencies = sorted(took for _, took in results)
    return {
        "resources_per_second": round(stored / wall, 1),
        "bundles": len(bundles),
        "failed": sum(1 for ok, _ in results if not ok),
        "bundle_ms_p50": round(statistics.median(latencies) * 1000, 1),
        "bundle_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "seconds": round(wall, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", required=True, help="the registry's root, e.g. http://127.0.0.1:18080")
    parser.add_argument("--stock", required=True, help="stock HAPI's root, e.g. http://127.0.0.1:18084")
    parser.add_argument("--kinds", default="trials,observations")
    parser.add_argument("--bundles", type=int, default=200, help="Bundles per round and server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tokens = registry_auth.Tokens(args.registry)
    servers = {
        "registry": {"fhir": args.registry + "/fhir", "headers": lambda: tokens.headers("bench-site")},
        "stock": {"fhir": args.stock + "/fhir", "headers": lambda: {}},
    }
    examples = example_trials()
    results = {"label": args.label, "clients": args.clients, "bundles_per_round": args.bundles, "kinds": {}}
    for kind in args.kinds.split(","):
        rounds = []
        for number in range(args.rounds):
            if kind == "trials":
                bundles = [as_post_transaction(examples[index % len(examples)]) for index in range(args.bundles)]
            else:
                bundles = [observations_bundle() for _ in range(args.bundles)]
            order = ["registry", "stock"] if number % 2 == 0 else ["stock", "registry"]
            rounds.append({name: round_on(servers[name], bundles, args.clients) for name in order})
        warm = rounds[-1]
        results["kinds"][kind] = {
            "rounds": rounds,
            "warm_ratio": round(warm["registry"]["resources_per_second"] / warm["stock"]["resources_per_second"], 2),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
