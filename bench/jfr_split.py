#!/usr/bin/env python3
"""Where the registry's time goes, from a JFR recording: each CPU sample of a Tomcat request thread is put in the
first bucket whose marker appears in its stack (the buckets are checked in order), and the shares are printed as
JSON, with the samples of every thread by kind of thread (requests, HAPI's subscription matching, the trial index
dispatcher, ...), since background threads take CPU from the requests on a small machine.

  REGISTRY_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/registry.jfr,settings=profile" BENCH=side-by-side ...
  python3 bench/jfr_split.py /tmp/registry.jfr [--from HH:MM:SS --to HH:MM:SS]

--from/--to keep the samples taken in that window (the warm rounds; start-up is left out either way: the main
thread's samples are not counted). Uses the JDK's `jfr` tool; stacks are as deep as the recording keeps them (64
frames by default), so a sample whose marker lies deeper counts as "other".
"""
import argparse
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
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--from", dest="start", default="00:00:00")
    parser.add_argument("--to", dest="end", default="99:99:99")
    args = parser.parse_args()
    printed = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64",
                              args.recording], capture_output=True, text=True).stdout
    counts = collections.Counter()
    threads = collections.Counter()
    for sample in printed.split("jdk.ExecutionSample")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', sample)
        taken = re.search(r"startTime = (\d\d:\d\d:\d\d)", sample)
        if not thread or not taken or not args.start <= taken.group(1) <= args.end or thread.group(1) == "main":
            continue
        threads[re.sub(r"\d+", "N", thread.group(1).split(" /")[0])] += 1
        if "http-nio" not in thread.group(1):
            continue
        bucket = next((name for name, markers in BUCKETS if any(marker in sample for marker in markers)), "other")
        counts[bucket] += 1
    total = sum(counts.values())
    everything = sum(threads.values())
    print(json.dumps({"samples": total,
                      "share": {name: round(100 * counts[name] / total, 1) for name, _ in BUCKETS + [("other", [])]
                                if total},
                      "all_threads": {"samples": everything,
                                      "share": {name: round(100 * n / everything, 1)
                                                for name, n in threads.most_common(8)}}}, indent=2))


if __name__ == "__main__":
    main()
