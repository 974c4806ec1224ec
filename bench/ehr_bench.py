#!/usr/bin/env python3
"""EHR bulk import against a plain transaction load of the same resources.

A small EHR runs inside this script (SMART discovery and token endpoint, the site's Group, a Bulk Data Group
$export with a manifest and one NDJSON file per type), serving the Synthea patients of
registry-server/src/test/resources/synthea copied --copies times under new ids. The registry, started by
bench/run.sh with BENCH=ehr and the site `bench` configured against this EHR, syncs it through its admin API
(Bulk export, NDJSON streaming, mapping, conditional-update transactions, Provenance). Then the same resources
(Patient, Condition, Procedure, Observation, references to anything else removed) are posted to /fhir as
transaction Bundles of --bundle-size entries. Both are reported in resources per second, and so is a second sync of
the same export (this EHR ignores _since), which must write nothing new.
"""
import argparse
import glob
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import registry_auth

AUTH = None  # registry_auth.Tokens, set by main
TYPES = ["Patient", "Condition", "Procedure", "Observation"]
SYNTHEA = os.path.join(os.path.dirname(__file__), "..", "registry-server", "src", "test", "resources", "synthea")
TRIAL = os.path.join(os.path.dirname(__file__), "..", "fhir-profiles", "src", "main", "fhir", "examples",
                     "Bundle-prp-knee-oa-trial.json")


def scrub(value):
    """Drops every reference that does not point at a Patient (encounters, practitioners... are not exported)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, dict) and "reference" in item and not item["reference"].startswith("Patient/"):
                continue
            if isinstance(item, list):
                item = [scrub(i) for i in item
                        if not (isinstance(i, dict) and "reference" in i and not i["reference"].startswith("Patient/"))]
                if not item:
                    continue
            out[key] = scrub(item)
        return out
    if isinstance(value, list):
        return [scrub(i) for i in value]
    return value


def synthea_resources(copies, tag=""):
    """The exported types of every Synthea patient, `copies` times under new ids and MRNs (`tag` makes them unique
    to one call)."""
    resources = {t: [] for t in TYPES}
    for path in sorted(glob.glob(os.path.join(SYNTHEA, "*.json"))):
        if "Information" in path:
            continue
        bundle = json.load(open(path))
        originals = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] in TYPES]
        for n in range(copies):
            text = json.dumps(originals)
            for resource in originals:
                text = text.replace("urn:uuid:" + resource["id"], resource["resourceType"] + "/" + resource["id"])
            for resource in originals:
                text = text.replace(resource["id"], "%s-%s%d" % (resource["id"][:50], tag, n))
            for resource in json.loads(text):
                resources[resource["resourceType"]].append(scrub(resource))
    return resources


def transaction_copies(resources):
    """The same resources under ids of their own (prefix tx-), so the transaction load creates rather than updates."""
    text = json.dumps([r for kind in TYPES for r in resources[kind]])
    for patient in resources["Patient"]:
        text = text.replace("Patient/" + patient["id"], "Patient/tx-" + patient["id"])
    copies = json.loads(text)
    for resource in copies:
        resource["id"] = "tx-" + resource["id"]
    return copies


def put_transaction(resources):
    """A transaction Bundle that PUTs each of `resources` under its own id."""
    return {"resourceType": "Bundle", "type": "transaction",
            "entry": [{"resource": r, "request": {"method": "PUT", "url": r["resourceType"] + "/" + r["id"]}}
                      for r in resources]}


class Ehr(BaseHTTPRequestHandler):
    resources = {}
    group = {}
    base = ""

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, content_type="application/fhir+json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/oauth2/token":
            self.reply(200, {"access_token": "bench", "token_type": "bearer", "expires_in": 3600}, "application/json")
        else:
            self.reply(404, {})

    def do_DELETE(self):
        self.reply(202)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/fhir/.well-known/smart-configuration":
            self.reply(200, {"token_endpoint": self.base + "/oauth2/token",
                             "token_endpoint_auth_signing_alg_values_supported": ["RS384"]}, "application/json")
        elif path == "/fhir/Group/bench":
            self.reply(200, self.group)
        elif path == "/fhir/Group/bench/$export":
            self.reply(202, headers=[("Content-Location", self.base + "/fhir/export-status/1")])
        elif path == "/fhir/export-status/1":
            self.reply(200, {"transactionTime": "2026-11-24T10:00:00Z", "request": self.base + "/fhir/Group/bench/$export",
                             "requiresAccessToken": True, "error": [],
                             "output": [{"type": t, "url": self.base + "/fhir/files/" + t + ".ndjson"} for t in TYPES]},
                       "application/json")
        elif path.startswith("/fhir/files/"):
            kind = path[len("/fhir/files/"):-len(".ndjson")]
            lines = "".join(json.dumps(r) + "\n" for r in self.resources[kind])
            self.reply(200, lines.encode(), "application/fhir+ndjson")
        else:
            self.reply(404, {"resourceType": "OperationOutcome"})


def serve(port):
    """Starts the EHR on `port`, in the background."""
    Ehr.base = "http://127.0.0.1:%d" % port
    server = ThreadingHTTPServer(("127.0.0.1", port), Ehr)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def publish(resources):
    """What the EHR exports from now on: `resources`, and a Group of their patients."""
    Ehr.resources = resources
    Ehr.group = {"resourceType": "Group", "id": "bench", "type": "person", "actual": True,
                 "member": [{"entity": {"reference": "Patient/" + p["id"]}, "period": {"start": "2026-01-15"}}
                            for p in resources["Patient"]]}


def call(method, url, body=None, content_type="application/json"):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type, "Accept": "application/json",
                                              **AUTH.headers_for(url)})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"null")


def sync(base):
    """One sync of the site through the admin API, timed from the request until the run has ended."""
    started = time.time()
    run = call("POST", base + "/api/ehr/sites/bench/runs", {})
    while run["state"] == "RUNNING":
        time.sleep(0.5)
        run = call("GET", base + "/api/ehr/runs/" + run["runId"])
    seconds = time.time() - started
    counts = run["counts"]
    written = counts["created"] + counts["updated"] + counts["unchanged"]
    return {"state": run["state"], "seconds": round(seconds, 1), "counts": counts,
            "read_per_s": round(counts["read"] / seconds, 1), "written_per_s": round(written / seconds, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the registry, e.g. http://127.0.0.1:18080")
    parser.add_argument("--ehr-port", type=int, required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--bundle-size", type=int, default=100)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    global AUTH
    AUTH = registry_auth.Tokens(args.base)

    resources = synthea_resources(args.copies)
    patients = resources["Patient"]
    serve(args.ehr_port)
    publish(resources)

    call("POST", args.base + "/fhir", json.load(open(TRIAL)), "application/fhir+json")
    total = sum(len(v) for v in resources.values())
    print("EHR serves %d patients, %d resources" % (len(patients), total), file=sys.stderr)

    bulk = sync(args.base)
    print(json.dumps({"bulk_import": bulk}), file=sys.stderr)
    rerun = sync(args.base)
    print(json.dumps({"bulk_import_again": rerun}), file=sys.stderr)

    entries = transaction_copies(resources)
    started = time.time()
    for i in range(0, len(entries), args.bundle_size):
        call("POST", args.base + "/fhir", put_transaction(entries[i:i + args.bundle_size]), "application/fhir+json")
    seconds = time.time() - started
    transactions = {"resources": len(entries), "seconds": round(seconds, 1),
                    "resources_per_s": round(len(entries) / seconds, 1), "bundle_size": args.bundle_size}
    print(json.dumps({"label": args.label, "patients": len(patients), "bulk_import": bulk,
                      "bulk_import_again": rerun, "transaction_load": transactions}, indent=1))


if __name__ == "__main__":
    main()
