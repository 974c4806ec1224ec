#!/usr/bin/env python3
"""Measures a running regen-registry FHIR endpoint: transaction ingest, read and search latency.

Standard library only. Every request goes over real HTTP to the server named by --base; the script
creates its own data (tagged with a run id) and prints one JSON document of results.
"""
import argparse
import copy
import os
import json
import random
import re
import statistics
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import registry_auth

FHIR_JSON = "application/fhir+json"
LOINC_NRS = "72514-3"
AUTH = None  # registry_auth.Tokens, set by main


def request(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", FHIR_JSON)
    if data is not None:
        req.add_header("Content-Type", FHIR_JSON)
    for key, value in {**AUTH.headers_for(url), **(headers or {})}.items():
        req.add_header(key, value)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=300) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {url} -> {error.code}: {error.read()[:500]!r}")
    return status, json.loads(payload) if payload else None, time.perf_counter() - started


def timer_seconds(metric):
    """The registry's time so far in one of its timers (`<metric>_seconds_sum`), by step: registry_authorization
    (`token`: checking the bearer token; `rules`: the FHIR access rules, inbound and for each record returned;
    `references`: checking that a site's writes refer to its own records) and registry_audit (`request`: a request's
    audit record; `write`: a write's, in its transaction)."""
    url = AUTH.root + "/actuator/prometheus"
    req = urllib.request.Request(url, headers={"Accept": "text/plain", **AUTH.headers_for(url)})
    with urllib.request.urlopen(req, timeout=60) as response:
        text = response.read().decode()
    sums = {}
    for line in text.splitlines():
        found = re.match(metric + r'_seconds_sum\{[^}]*step="([a-z]+)"[^}]*\} (\S+)', line)
        if found:
            sums[found.group(1)] = float(found.group(2))
    return sums


COSTS = {"authorization": "registry_authorization", "audit": "registry_audit"}


def with_costs(requests, measure):
    """Runs `measure` (a phase of `requests` requests) and adds to its result the time authorization and the audit
    trail took per request, by step and in all: what the same requests would cost without them is the phase's latency
    minus this."""
    before = {name: timer_seconds(metric) for name, metric in COSTS.items()}
    result = measure()
    after = {name: timer_seconds(metric) for name, metric in COSTS.items()}
    for name in COSTS:
        per_request = {step: (after[name][step] - before[name].get(step, 0.0)) * 1000 / requests
                       for step in after[name]}
        result[f"{name}_ms_per_request"] = {step: round(ms, 3) for step, ms in per_request.items()}
        result[f"{name}_ms_per_request"]["total"] = round(sum(per_request.values()), 3)
    return result


EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fhir-profiles", "src", "main", "fhir", "examples")


def template(resource_type):
    """The first resource of a type in the PRP example trial: every generated resource conforms to its profile."""
    with open(os.path.join(EXAMPLES, "Bundle-prp-knee-oa-trial.json")) as f:
        bundle = json.load(f)
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type)


TEMPLATES = {t: template(t) for t in ("ResearchStudy", "Group", "Location", "Organization", "BiologicallyDerivedProduct",
                                       "ResearchSubject", "Observation")}


def fresh(resource_type):
    resource = copy.deepcopy(TEMPLATES[resource_type])
    resource.pop("id", None)
    return resource


def trial_bundle(run_id, index, patients, observations_per_patient):
    """A transaction: one conforming trial with its sponsor, site, eligibility and product, its Patients, their
    ResearchSubjects and pain scores, all referring to each other by urn:uuid."""
    urls = {t: f"urn:uuid:{uuid.uuid4()}" for t in ("ResearchStudy", "Group", "Location", "Organization", "BiologicallyDerivedProduct")}
    study = fresh("ResearchStudy")
    study["identifier"] = [{"system": "https://regen-registry.org/fhir/sid/trial", "value": f"BENCH-{run_id}-{index}"}]
    study["title"] = f"Benchmark trial {index}"
    study["enrollment"] = [{"reference": urls["Group"]}]
    study["sponsor"] = {"reference": urls["Organization"]}
    study["site"] = [{"reference": urls["Location"]}]
    for ext in study["extension"]:
        if ext["url"].endswith("/investigational-product"):
            ext["valueReference"] = {"reference": urls["BiologicallyDerivedProduct"]}
    entries = [entry(urls[t], study if t == "ResearchStudy" else fresh(t)) for t in urls]
    for p in range(patients):
        patient_url = f"urn:uuid:{uuid.uuid4()}"
        entries.append(entry(patient_url, {
            "resourceType": "Patient",
            "identifier": [{"system": "https://regen-registry.org/fhir/sid/subject", "value": f"{run_id}-{index}-{p}"}],
            "birthDate": str(1940 + p % 50),
        }))
        subject = fresh("ResearchSubject")
        subject["identifier"] = [{"system": "https://regen-registry.org/fhir/sid/subject", "value": f"{run_id}-{index}-{p}"}]
        subject["study"] = {"reference": urls["ResearchStudy"]}
        subject["individual"] = {"reference": patient_url}
        entries.append(entry(f"urn:uuid:{uuid.uuid4()}", subject))
        for o in range(observations_per_patient):
            entries.append(entry(f"urn:uuid:{uuid.uuid4()}", pain_score(urls["ResearchStudy"], patient_url, o)))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def pain_score(study, patient, month, profiled=True):
    score = fresh("Observation")
    score["extension"][0]["valueReference"] = {"reference": study}
    score["subject"] = {"reference": patient}
    score["effectiveDateTime"] = f"2026-{1 + month % 12:02d}-15"
    score["valueInteger"] = random.randint(0, 10)
    if not profiled:
        del score["meta"]
    return score


def entry(full_url, resource):
    return {"fullUrl": full_url, "resource": resource,
            "request": {"method": "POST", "url": resource["resourceType"]}}


def percentiles(seconds):
    ms = sorted(s * 1000 for s in seconds)
    def pct(p):
        return round(ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))], 1)
    return {"n": len(ms), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(ms), 1)}


def timed(samples, call):
    return percentiles([call() for _ in range(samples)])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://localhost:8080/fhir")
    parser.add_argument("--bundles", type=int, default=40, help="transaction Bundles to post")
    parser.add_argument("--patients", type=int, default=10, help="patients per trial Bundle")
    parser.add_argument("--observations", type=int, default=3, help="pain scores per patient")
    parser.add_argument("--clients", type=int, default=2, help="concurrent ingest clients")
    parser.add_argument("--samples", type=int, default=200, help="requests per latency measurement")
    parser.add_argument("--warmup", type=int, default=5, help="bundles posted before measuring")
    parser.add_argument("--label", default="", help="free text copied into the result (database, machine)")
    args = parser.parse_args()
    global AUTH
    AUTH = registry_auth.Tokens(args.base.rsplit("/fhir", 1)[0])

    run_id = uuid.uuid4().hex[:12]
    for i in range(args.warmup):
        request("POST", args.base, trial_bundle(run_id, -1 - i, args.patients, args.observations))

    bundles = [trial_bundle(run_id, i, args.patients, args.observations) for i in range(args.bundles)]
    resources = sum(len(b["entry"]) for b in bundles)
    def ingest():
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            posted = list(pool.map(lambda b: request("POST", args.base, b), bundles))
        return {"results": posted, "seconds": time.perf_counter() - started}
    ingested = with_costs(len(bundles), ingest)
    results, elapsed = ingested["results"], ingested["seconds"]
    created = [e["response"]["location"] for _, body, _ in results for e in body["entry"]]
    patients = [loc.split("/_history")[0] for loc in created if loc.startswith("Patient/")]
    observations = [loc.split("/_history")[0] for loc in created if loc.startswith("Observation/")]

    studies = [e["response"]["location"].split("/_history")[0] for _, body, _ in results for e in body["entry"]
               if e["response"]["location"].startswith("ResearchStudy/")]
    def post_score(profiled):
        return request("POST", f"{args.base}/Observation",
                       pain_score(random.choice(studies), random.choice(patients), 0, profiled))[2]
    for _ in range(20):
        post_score(True), post_score(False)
    validated = timed(args.samples, lambda: post_score(True))
    unvalidated = timed(args.samples, lambda: post_score(False))

    read_latency = with_costs(args.samples, lambda: timed(
        args.samples, lambda: request("GET", f"{args.base}/{random.choice(observations)}")[2]))
    study_search = with_costs(args.samples, lambda: timed(
        args.samples, lambda: request("GET", f"{args.base}/ResearchStudy?status=active&_count=20")[2]))
    observation_search = with_costs(args.samples, lambda: timed(
        args.samples, lambda: request("GET", f"{args.base}/Observation?subject={random.choice(patients)}")[2]))

    print(json.dumps({
        "label": args.label,
        "ingest": {
            "bundles": args.bundles, "resources": resources, "clients": args.clients,
            "seconds": round(elapsed, 2),
            "bundles_per_s": round(args.bundles / elapsed, 2),
            "resources_per_s": round(resources / elapsed, 1),
            "bundle_latency": percentiles([seconds for _, _, seconds in results]),
            "authorization_ms_per_bundle": ingested["authorization_ms_per_request"],
            "audit_ms_per_bundle": ingested["audit_ms_per_request"],
        },
        "write_pain_score_validated": validated,
        "write_pain_score_unprofiled": unvalidated,
        "validation_cost_p50_ms": round(validated["p50_ms"] - unvalidated["p50_ms"], 1),
        "read_observation": read_latency,
        "search_researchstudy_status_active": study_search,
        "search_observation_by_subject": observation_search,
    }, indent=2))


if __name__ == "__main__":
    main()
