#!/usr/bin/env python3
"""The registry against stock HAPI FHIR 8.8.0 JPA, side by side in one run: the very same transaction Bundles posted
to each in alternating rounds, resources stored per second and Bundle latency for each, and their ratio.

Run by `BENCH=side-by-side bench/run.sh h2|postgres`, which starts both servers on fresh databases (the stock one
from bench/stock-hapi/, on the registry's BOMs). Kinds of Bundle:
  trials        the four example trials of the package as POST transactions (fresh ids and identifiers each time);
                the registry validates every profiled resource, indexes the trial and checks every reference
  observations  1 Patient and 9 unprofiled Observations: storage without validation on both
  ehr           a Synthea batch (bench/ehr_bench.py: 12 patients, --copies times, fresh ids each round): the registry
                syncs it from a small EHR served here (Bulk export, mapping, conditional updates, Provenance; it keeps
                about a quarter, skipping the rest with a reason), stock HAPI stores all of it as one PUT transaction
                per patient; the rates are of the batch's resources taken in (read, by the registry)
The registry's requests carry a site's token (bench/registry_auth.py); stock HAPI's carry none. A registry round
ends when its trial index has caught up (outbox empty, /actuator/trialindex), not at its last answer: the issue's
rate is of validated and mirrored ingest; and no round starts before the registry is quiet, so its mirroring never
runs in stock HAPI's time. Five rounds by default: both servers keep getting faster for the first few (stock HAPI
more than the registry), so the warm ratio is the median of rounds 3 onwards. Standard library only; prints one JSON
document.
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

import ehr_bench
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


def outbox_depth(registry, tokens):
    request = urllib.request.Request(registry + "/actuator/trialindex", headers=tokens.headers("bench-ops"))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["outboxDepth"]


def until_mirrored(registry, tokens):
    """Waits until the registry's outbox is empty; the seconds it took."""
    started = time.perf_counter()
    while outbox_depth(registry, tokens) > 0:
        time.sleep(0.05)
    return time.perf_counter() - started


def round_on(server, bundles, clients):
    headers = server["headers"]()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda bundle: post(server["fhir"], bundle, headers), bundles))
    mirrored = server["settle"]()
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
        "mirrored_after_last_answer_ms": round(mirrored * 1000),
    }


def ehr_round(registry, stock, tokens, tag, copies, clients):
    """One round of the ehr kind: the registry syncs a fresh export, stock HAPI takes the same resources."""
    resources = ehr_bench.synthea_resources(copies, tag)
    ehr_bench.publish(resources)
    total = sum(len(batch) for batch in resources.values())
    synced = ehr_bench.sync(registry)
    mirrored = until_mirrored(registry, tokens)
    seconds = synced["seconds"] + mirrored
    counts = synced["counts"]
    registry_result = {"resources_per_second": round(counts["read"] / seconds, 1), "resources": total,
                       "written_per_second": round((counts["created"] + counts["updated"]) / seconds, 1),
                       "counts": counts, "failed": counts.get("failed", 0), "seconds": round(seconds, 1),
                       "mirrored_after_last_answer_ms": round(mirrored * 1000), "state": synced["state"]}
    by_patient = {}
    for resource in ehr_bench.transaction_copies(resources):
        patient = resource["id"] if resource["resourceType"] == "Patient" else resource["subject"]["reference"][8:]
        by_patient.setdefault(patient, []).append(resource)
    bundles = [ehr_bench.put_transaction(sorted(batch, key=lambda r: r["resourceType"] != "Patient"))
               for batch in by_patient.values()]
    stock_result = round_on(stock, bundles, clients)
    return {"registry": registry_result, "stock": stock_result}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", required=True, help="the registry's root, e.g. http://127.0.0.1:18080")
    parser.add_argument("--stock", required=True, help="stock HAPI's root, e.g. http://127.0.0.1:18084")
    parser.add_argument("--kinds", default="trials,observations,ehr")
    parser.add_argument("--bundles", type=int, default=200, help="Bundles per round and server")
    parser.add_argument("--rounds", type=int, default=5, help="the first two warm the servers up")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--ehr-port", type=int, help="where to serve the EHR of the ehr kind (the registry's site)")
    parser.add_argument("--copies", type=int, default=3, help="copies of the Synthea patients per ehr round")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tokens = registry_auth.Tokens(args.registry)
    if "ehr" in args.kinds.split(","):
        ehr_bench.AUTH = tokens
        ehr_bench.serve(args.ehr_port)
        ehr_bench.call("POST", args.registry + "/fhir", json.load(open(ehr_bench.TRIAL)), FHIR_JSON)
    servers = {
        "registry": {"fhir": args.registry + "/fhir", "headers": lambda: tokens.headers("bench-site"),
                     "settle": lambda: until_mirrored(args.registry, tokens)},
        "stock": {"fhir": args.stock + "/fhir", "headers": lambda: {}, "settle": lambda: 0.0},
    }
    examples = example_trials()
    results = {"label": args.label, "clients": args.clients, "bundles_per_round": args.bundles, "kinds": {}}
    for kind in args.kinds.split(","):
        rounds = []
        for number in range(args.rounds):
            if kind == "ehr":
                rounds.append(ehr_round(args.registry, servers["stock"], tokens, "r%d" % number, args.copies,
                                        args.clients))
                continue
            if kind == "trials":
                bundles = [as_post_transaction(examples[index % len(examples)]) for index in range(args.bundles)]
            else:
                bundles = [observations_bundle() for _ in range(args.bundles)]
            order = ["registry", "stock"] if number % 2 == 0 else ["stock", "registry"]
            rounds.append({name: round_on(servers[name], bundles, args.clients) for name in order})
        ratios = [r["registry"]["resources_per_second"] / r["stock"]["resources_per_second"] for r in rounds]
        results["kinds"][kind] = {
            "rounds": rounds,
            "ratios": [round(ratio, 2) for ratio in ratios],
            "warm_ratio": round(statistics.median(ratios[2:] or ratios[-1:]), 2),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
