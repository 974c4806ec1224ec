#!/usr/bin/env python3
"""Outcome submissions at size: how long the registry takes to receive a signed package of --records pain scores
(profiled rr-pain-score Observations)
(signature, profile, the records written as conditional updates, Provenance, Task) and to verify it again
(`GET /api/submissions/{id}/verify`: the kept bytes, the signature, and every record against its current version).

Run by `BENCH=submission bench/run.sh postgres|h2`. The package is signed (RS384, detached JWS over the Bundle's
canonical JSON, as the rr-outcome-submission profile says) with the key bench/run.sh registers for the benchmark's
site client. Standard library and openssl only.
"""
import argparse
import base64
import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import registry_auth

FHIR_JSON = "application/fhir+json"
EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "fhir-profiles", "src", "main", "fhir", "examples")
TRIAL = "ResearchStudy/prp-knee-oa"
# the example trial reports quarterly from 2026-02-01 (its reporting-schedule extension)
PERIOD = ("2026-02-01", "2026-04-30")
TARGET_FORMAT = "application/fhir+json;canonicalization=http://hl7.org/fhir/canonicalization/json#document"


def call(method, url, headers, body=None, accept=FHIR_JSON, content_type=FHIR_JSON):
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Accept": accept, "Content-Type": content_type, **headers})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {url}: {error.code} {error.read().decode()[:2000]}")
    return json.loads(payload), time.perf_counter() - started


def signed(bundle, key_file):
    """The Bundle with its signature: a detached RS384 JWS over its canonical JSON (without signature, id, meta)."""
    covered = {name: value for name, value in bundle.items() if name not in ("signature", "id", "meta")}
    canonical = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    header = registry_auth.b64url(json.dumps({"alg": "RS384", "kid": registry_auth.KEY_ID}).encode())
    signing_input = header + "." + registry_auth.b64url(canonical)
    signature = subprocess.run(["openssl", "dgst", "-sha384", "-sign", key_file], input=signing_input.encode(),
                               check=True, capture_output=True).stdout
    compact = header + ".." + registry_auth.b64url(signature)
    return {**bundle, "signature": {
        "type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}],
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "who": {"display": "Benchmark site investigator"},
        "targetFormat": TARGET_FORMAT,
        "sigFormat": "application/jose",
        "data": base64.b64encode(compact.encode("ascii")).decode()}}


def package(run, patient, records):
    entries = [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": {
        "resourceType": "Composition", "status": "final", "type": {"text": "Outcome submission"},
        "date": time.strftime("%Y-%m-%d"), "author": [{"display": "Benchmark site"}], "title": "Benchmark outcomes",
        "subject": {"reference": TRIAL}, "event": [{"period": {"start": PERIOD[0], "end": PERIOD[1]}}]}}]
    for index in range(records):
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": {
            "resourceType": "Observation",
            "meta": {"profile": ["https://regen-registry.org/fhir/StructureDefinition/rr-pain-score"]},
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/workflow-researchStudy",
                           "valueReference": {"reference": TRIAL}}],
            "identifier": [{"system": "https://bench.example.org/observations", "value": f"{run}-{index}"}],
            "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                      "code": "survey"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
            "subject": {"reference": patient}, "effectiveDateTime": "2026-03-02",
            "valueInteger": index % 11}})
    return {"resourceType": "Bundle", "type": "collection",
            "identifier": {"system": "https://bench.example.org/submissions", "value": run},
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "entry": entries}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the registry's root, e.g. http://127.0.0.1:18080")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--verifications", type=int, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tokens = registry_auth.Tokens(args.base)
    site = tokens.headers("bench-site")
    regulator = tokens.headers("bench-regulator")
    fhir = args.base + "/fhir"

    with open(os.path.join(EXAMPLES, "Bundle-prp-knee-oa-trial.json"), "rb") as trial:
        call("POST", fhir, site, trial.read())
    patient, _ = call("POST", fhir + "/Patient", site, json.dumps({"resourceType": "Patient", "active": True}).encode())
    run = str(uuid.uuid4())
    body = json.dumps(signed(package(run, "Patient/" + patient["id"], args.records), tokens.key_file)).encode()

    receipt, received = call("POST", fhir + "/$submit-outcome", site, body)
    submission = next(p["valueString"] for p in receipt["parameter"] if p["name"] == "submission")
    _, again = call("POST", fhir + "/$submit-outcome", site, body)

    times = []
    report = None
    for _ in range(args.verifications):
        report, took = call("GET", f"{args.base}/api/submissions/{submission}/verify", regulator,
                            accept="application/json")
        times.append(took)

    print(json.dumps({
        "label": args.label,
        "records": args.records,
        "package_bytes": len(body),
        "submit_seconds": round(received, 2),
        "submit_records_per_second": round(args.records / received),
        "submit_again_seconds": round(again, 2),
        "verify_seconds_p50": round(statistics.median(times), 3),
        "verify_seconds_max": round(max(times), 3),
        "verify_records_per_second": round(args.records / statistics.median(times)),
        "intact": report["intact"],
        "unchanged": report["unchanged"],
    }, indent=2))


if __name__ == "__main__":
    main()
