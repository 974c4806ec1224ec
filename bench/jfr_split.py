#!/usr/bin/env python3
"""Where the registry's request threads spend their time, from a JFR recording: each CPU sample of a Tomcat request
thread is put in the first bucket whose marker appears in its stack (the buckets are checked in order), and the
shares are printed as JSON.

  JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=/tmp/registry.jfr,settings=profile" BENCH=side-by-side ...
  python3 bench/jfr_split.py /tmp/registry.jfr

Uses the JDK's `jfr` tool; stacks are as deep as the recording keeps them (64 frames by default), so a sample whose
marker lies deeper counts as "other".
"""
import collections
import json
import re
import subprocess
import sys

# (bucket, markers): the first bucket with a marker in the stack takes the sample
BUCKETS = [
    ("profile validation", ["org.hl7.fhir.validation.", "ca.uhn.fhir.validation.FhirValidator",
                            "org.hl7.fhir.common.hapi.validation."]),
    ("outbox and trial index", ["org.regenregistry.server.indexing."]),
    ("authorization", ["org.regenregistry.server.access.", "ca.uhn.fhir.rest.server.interceptor.auth."]),
    ("audit trail", ["org.regenregistry.server.audit."]),
    ("subscriptions", ["ca.uhn.fhir.jpa.subscription.", "ca.uhn.fhir.jpa.topic."]),
    ("HAPI storage and search", ["ca.uhn.fhir.jpa.dao.", "ca.uhn.fhir.jpa.search", "org.hibernate.", "org.postgresql.",
                                 "org.h2."]),
    ("parsing and encoding", ["ca.uhn.fhir.parser."]),
]


def main():
    recording = sys.argv[1]
    printed = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording],
                             capture_output=True, text=True).stdout
    counts = collections.Counter()
    for sample in printed.split("jdk.ExecutionSample")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', sample)
        if not thread or "http-nio" not in thread.group(1):
            continue
        stack = sample
        bucket = next((name for name, markers in BUCKETS if any(marker in stack for marker in markers)), "other")
        counts[bucket] += 1
    total = sum(counts.values())
    print(json.dumps({"samples": total,
                      "share": {name: round(100 * counts[name] / total, 1) for name, _ in BUCKETS + [("other", [])]
                                if total}}, indent=2))


if __name__ == "__main__":
    main()
