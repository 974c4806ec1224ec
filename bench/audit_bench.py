#!/usr/bin/env python3
"""The audit chain at scale: how fast the registry links a million audit records into its hash chain, and how fast
`GET /api/audit/verify` checks them.

Run by `BENCH=audit bench/run.sh postgres`: it writes --records audit records straight into the database (as a
long-running registry would have written them over time), waits for the registry's sealer to link them all, then
asks for a verification of the whole chain as a regulator and times it. Standard library and psql only.
"""
import argparse
import json
import subprocess
import time
import urllib.request

import registry_auth

INSERT = """
INSERT INTO rr_audit_event (event_id, recorded, kind, subtype, action, outcome, http_status, client_id, role_id,
  source_address, method, path, entities)
SELECT md5('bench-' || g)::uuid::text, now() - interval '1 day' + g * interval '1 millisecond', 'rest', 'read', 'R',
  '0', 200, 'bench-regulator', 'regulator', '127.0.0.1', 'GET', '/fhir/Observation/' || g,
  'Observation/' || g || '/_history/1'
FROM generate_series(1, {records}) g
"""


def psql(command, sql):
    return subprocess.run(command + ["-tAc", sql], check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the registry's root, e.g. http://127.0.0.1:18080")
    parser.add_argument("--psql", required=True, help="the psql command for the registry's database (JSON list)")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    command = json.loads(args.psql)
    tokens = registry_auth.Tokens(args.base)

    before = int(psql(command, "SELECT COUNT(*) FROM rr_audit_event"))
    started = time.perf_counter()
    psql(command, INSERT.format(records=args.records))
    inserted = time.perf_counter() - started

    started = time.perf_counter()
    while int(psql(command, "SELECT COUNT(*) FROM rr_audit_event WHERE chain_pos IS NULL")) > 0:
        time.sleep(1)
    sealed = time.perf_counter() - started

    url = args.base + "/api/audit/verify"
    request = urllib.request.Request(url, headers={"Accept": "application/json", **tokens.headers("bench-regulator")})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=900) as response:
        report = json.loads(response.read())
    verified = time.perf_counter() - started

    print(json.dumps({
        "label": args.label,
        "records_before": before,
        "records_written": args.records,
        "write_seconds": round(inserted, 1),
        "sealing": {"seconds": round(sealed, 1), "records_per_s": round(args.records / sealed)},
        "verification": {
            "records": report["verified"], "checkpoints": report["checkpoints"], "intact": report["intact"],
            "seconds": round(verified, 1), "records_per_s": round(report["verified"] / verified),
        },
    }, indent=2))
    if not report["intact"]:
        raise SystemExit("the chain did not verify: " + json.dumps(report["problem"]))


if __name__ == "__main__":
    main()
