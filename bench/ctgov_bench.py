#!/usr/bin/env python3
"""ClinicalTrials.gov import at size: --records study records (default 10,000) uploaded as one NDJSON file to
`POST /api/imports/ctgov`, timed from the upload until the import has finished and until every imported trial is in
the trial index (the outbox empty); then the same upload again, which must find every record unchanged.

The records are the real ones of the import's tests (ctgov-import/src/test/resources/ctgov), each copied under a new
NCT number (NCT08xxxxxx, not assigned to real studies) so that every copy is a trial of its own; sites and sponsors
repeat across copies as they do across real records. Run by `BENCH=ctgov bench/run.sh h2|postgres`. Standard library
only.
"""
import argparse
import glob
import json
import os
import time
import urllib.error
import urllib.request

import registry_auth

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "ctgov-import", "src", "test", "resources", "ctgov")


def templates():
    studies = []
    for line in open(os.path.join(FIXTURES, "labelled", "studies.ndjson"), encoding="utf-8"):
        studies.append(json.loads(line))
    for path in sorted(glob.glob(os.path.join(FIXTURES, "aact", "*.json"))):
        study = json.load(open(path, encoding="utf-8"))
        if study.get("protocolSection", {}).get("conditionsModule"):
            studies.append(study)
    return studies


def copies(count):
    studies = templates()
    lines = []
    for index in range(count):
        study = json.loads(json.dumps(studies[index % len(studies)]))
        identification = study["protocolSection"]["identificationModule"]
        identification["nctId"] = "NCT08%06d" % index
        identification["briefTitle"] = identification.get("briefTitle", "Study") + " (copy %d)" % index
        lines.append(json.dumps(study, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode()


def call(method, url, headers, body=None, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Accept": "application/json", "Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {url}: {error.code} {error.read().decode()[:2000]}")


def outbox_depth(base, tokens):
    return call("GET", base + "/actuator/trialindex", tokens.headers("bench-ops"))[2]["outboxDepth"]


def run_import(base, tokens, body):
    started = time.perf_counter()
    status, headers, run = call("POST", base + "/api/imports/ctgov", tokens.headers("bench-ops"), body,
                                "application/x-ndjson")
    location = headers["Location"]
    progress = []
    while run["state"] == "RUNNING":
        time.sleep(2)
        run = call("GET", location, tokens.headers("bench-ops"))[2]
        progress.append((round(time.perf_counter() - started, 1), run["counts"]["read"]))
    imported = time.perf_counter() - started
    while outbox_depth(base, tokens) > 0:
        time.sleep(0.5)
    indexed = time.perf_counter() - started
    counts = run["counts"]
    return {
        "state": run["state"],
        "counts": counts,
        "seconds": round(imported, 1),
        "records_per_second": round(counts["read"] / imported, 1),
        "seconds_until_indexed": round(indexed, 1),
        "refused_examples": [issue["reason"] for issue in run.get("issues", []) if issue["outcome"] == "REFUSED"][:5],
        "progress": progress[:: max(1, len(progress) // 20)],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tokens = registry_auth.Tokens(args.base)
    body = copies(args.records)
    first = run_import(args.base, tokens, body)
    again = run_import(args.base, tokens, body)
    print(json.dumps({"benchmark": "ctgov-import", "label": args.label, "records": args.records,
                      "upload_bytes": len(body), "first": first, "again": again}, indent=2))


if __name__ == "__main__":
    main()
