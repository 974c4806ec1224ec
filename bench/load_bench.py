#!/usr/bin/env python3
"""A mixed load on the registry, then the same load through faults, and a count of what survived.

Standard library only; started by `BENCH=load bench/run.sh postgres`, which gives it the registry's command line and
an Elasticsearch node's. The script runs both itself, so that it can stop Elasticsearch for two minutes and kill the
registry with SIGKILL, and it serves the EHR of the site `bench` (bench/ehr_bench.py's small EHR).

Workload, from --clients clients: whole trial transactions (the PRP example, each entry a conditional create on a
unique identifier), single conditional creates, reads by id, FHIR searches, /api/trials facet searches, and an EHR
sync every minute. Writes are retried after a connection error or a 503 with the same conditional request, as a
careful client does, so a write that committed before the registry died is found again, not repeated.

Phase "steady": --minutes of load; the target is zero errors. Phase "faults": --fault-minutes of the same load while
Elasticsearch is stopped for two minutes and the registry is killed once and restarted. Afterwards, every write that
was answered 2xx must be in the database exactly once (a search by its identifier finds one resource) and every trial
in the index at its database version (the index's consistency endpoint, and a read of each trial's document).
"""
import argparse
import copy
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import registry_auth  # noqa: E402
from ehr_bench import Ehr, TRIAL, synthea_resources  # noqa: E402
from http.server import ThreadingHTTPServer  # noqa: E402

FHIR_JSON = "application/fhir+json"
AUTH = None  # registry_auth.Tokens, set by main
BENCH_SYSTEM = "https://regen-registry.org/fhir/sid/bench-load"
SEARCHES = [
    "ResearchStudy?condition=http://snomed.info/sct|239873007&_count=10",
    "ResearchStudy?therapy-family=prp&phase=phase-2&_count=10",
    "Observation?code=http://loinc.org|72514-3&_count=20",
    "Patient?gender=female&_count=20",
    "ResearchSubject?status=on-study&_count=20",
]
TRIAL_SEARCHES = [
    "/api/trials?conditionGroup=osteoarthritis",
    "/api/trials?therapyFamily=prp&phase=phase-2,phase-3",
    "/api/trials?q=knee&size=50",
    "/api/trials?country=NO&sex=female&age=45",
    "/api/trials?near=59.9,10.7,300&sort=-startDate",
]


def call(method, url, body=None, headers=None, timeout=60):
    """(status, parsed body or None, headers); status 0 when the registry could not be reached. A 401 after a
    restart of the registry (whose tokens die with it) asks for a new token and tries once more."""
    status, parsed, answered = send(method, url, body, headers, timeout)
    if status == 401 and AUTH is not None:
        AUTH.forget()
        status, parsed, answered = send(method, url, body, headers, timeout)
    return status, parsed, answered


def send(method, url, body, headers, timeout):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/fhir+json, application/json")
    if data is not None:
        request.add_header("Content-Type", FHIR_JSON)
    try:
        for name, value in {**(AUTH.headers_for(url) if AUTH else {}), **(headers or {})}.items():
            request.add_header(name, value)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            return response.status, json.loads(payload) if payload else None, dict(response.headers)
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return error.code, parsed, dict(error.headers)
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
        return 0, None, {}


class Processes:
    """The registry and the Elasticsearch node, started, stopped and killed by this script."""

    def __init__(self, registry_cmd, es_cmd, base, es, log_dir):
        self.registry_cmd, self.es_cmd, self.base, self.es, self.log_dir = registry_cmd, es_cmd, base, es, log_dir
        self.registry = None
        self.node = None
        self.starts = 0

    def start_node(self):
        log = open(os.path.join(self.log_dir, "es-node.log"), "a")
        self.node = subprocess.Popen(self.es_cmd, stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: call("GET", self.es + "/_cluster/health?wait_for_status=yellow&timeout=1s")[0] == 200, 180)

    def stop_node(self):
        self.node.send_signal(signal.SIGTERM)
        self.node.wait(60)

    def start_registry(self):
        self.starts += 1
        log = open(os.path.join(self.log_dir, "registry-%d.log" % self.starts), "w")
        started = time.time()
        self.registry = subprocess.Popen(self.registry_cmd, stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: call("GET", self.base + "/actuator/health/readiness")[0] == 200, 300)
        return round(time.time() - started, 1)

    def kill_registry(self):
        self.registry.send_signal(signal.SIGKILL)
        self.registry.wait(30)

    def stop_all(self):
        for process in (self.registry, self.node):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(90)
                except subprocess.TimeoutExpired:
                    process.kill()


def wait_for(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SystemExit("gave up waiting after %ds" % seconds)


class Recorder:
    """Latency and outcome per request kind, and every write answered 2xx."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}
        self.errors = {}
        self.unavailable = {}
        self.written = []
        self.trials = []
        self.sync_states = {}

    def record(self, kind, seconds, status, tolerated):
        with self.lock:
            if 200 <= status < 300:
                self.samples.setdefault(kind, []).append(seconds)
            elif status in tolerated:
                self.unavailable[kind] = self.unavailable.get(kind, 0) + 1
            else:
                self.errors.setdefault(kind, {}).setdefault(str(status), 0)
                self.errors[kind][str(status)] += 1

    def report(self, elapsed):
        kinds = {}
        for kind, seconds in sorted(self.samples.items()):
            ordered = sorted(seconds)
            kinds[kind] = {"ok": len(ordered), "per_s": round(len(ordered) / elapsed, 1),
                           "p50_ms": pct(ordered, 50), "p95_ms": pct(ordered, 95), "p99_ms": pct(ordered, 99)}
        return {"seconds": round(elapsed), "requests_per_s": round(sum(len(v) for v in self.samples.values()) / elapsed, 1),
                "kinds": kinds, "errors": self.errors, "unavailable": self.unavailable,
                "ehr_sync_states": self.sync_states}


def pct(ordered, p):
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 1)


def trial_transaction(template, tag):
    """The PRP example trial as POSTs with urn:uuid references, each entry a conditional create on a tag of its own
    (any resource type can be searched by tag; BiologicallyDerivedProduct has no identifier search parameter)."""
    bundle = copy.deepcopy(template)
    urns = {e["resource"]["resourceType"] + "/" + e["resource"]["id"]: "urn:uuid:" + str(uuid.uuid4())
            for e in bundle["entry"]}
    text = json.dumps(bundle)
    for key, urn in urns.items():
        text = text.replace('"' + key + '"', '"' + urn + '"')
    bundle = json.loads(text)
    identifiers = []
    for index, entry in enumerate(bundle["entry"]):
        resource = entry["resource"]
        kind = resource["resourceType"]
        entry["fullUrl"] = urns[kind + "/" + resource.pop("id")]
        value = "%s-%d" % (tag, index)
        for identifier in resource.get("identifier", []) if isinstance(resource.get("identifier"), list) else []:
            identifier["value"] = identifier["value"] + "-" + tag
        resource.setdefault("meta", {}).setdefault("tag", []).append({"system": BENCH_SYSTEM, "code": value})
        entry["request"] = {"method": "POST", "url": kind, "ifNoneExist": "_tag=%s|%s" % (BENCH_SYSTEM, value)}
        identifiers.append((kind, "_tag", value))
    return bundle, identifiers


class Load:
    """The clients: each picks a request kind by weight until told to stop."""

    WEIGHTS = [("trial_bundle", 1), ("single_write", 2), ("read", 4), ("fhir_search", 3), ("trial_search", 3)]

    def __init__(self, base, recorder, template):
        self.base, self.recorder, self.template = base, recorder, template
        self.stop = threading.Event()
        self.stopped_at = 0
        self.known = []
        self.known_lock = threading.Lock()
        self.tolerated = {0, 503}

    def run(self, clients):
        threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)]
        for thread in threads:
            thread.start()
        return threads

    def client(self, n):
        rng = random.Random(n)
        kinds = [k for k, w in self.WEIGHTS for _ in range(w)]
        while not self.stop.is_set():
            getattr(self, rng.choice(kinds))(rng)

    def timed(self, kind, method, path, body=None, headers=None):
        started = time.perf_counter()
        status, payload, response_headers = call(method, self.base + path, body, headers)
        self.recorder.record(kind, time.perf_counter() - started, status, self.tolerated)
        return status, payload, response_headers

    def retrying(self, status):
        """A write is repeated while the registry is unreachable or unavailable, up to two minutes after the load."""
        return status in (0, 503) and (not self.stop.is_set() or time.time() < self.stopped_at + 120)

    def write(self, kind, path, body, headers=None):
        """A conditional write, as often as it takes; the time of the last attempt is recorded."""
        while True:
            status, payload, response_headers = self.timed(kind, "POST", path, body, headers)
            if not self.retrying(status):
                return status, payload, response_headers
            time.sleep(1)

    def trial_bundle(self, rng):
        bundle, identifiers = trial_transaction(self.template, uuid.uuid4().hex[:12])
        status, payload, _ = self.write("trial_bundle", "/fhir", bundle)
        if status == 200:
            trial = next(e["response"]["location"].split("/")[1] for e in payload["entry"]
                         if e["response"]["location"].startswith("ResearchStudy/"))
            with self.recorder.lock:
                self.recorder.written.extend(identifiers)
                self.recorder.trials.append(trial)

    def single_write(self, rng):
        value = uuid.uuid4().hex
        patient = {"resourceType": "Patient", "active": True, "gender": rng.choice(["female", "male"]),
                   "birthDate": "19%02d" % rng.randint(30, 99),
                   "identifier": [{"system": BENCH_SYSTEM, "value": value}]}
        status, payload, _ = self.write("single_write", "/fhir/Patient", patient,
                                        {"If-None-Exist": "identifier=%s|%s" % (BENCH_SYSTEM, value)})
        if status in (200, 201):
            with self.recorder.lock:
                self.recorder.written.append(("Patient", "identifier", value))
            with self.known_lock:
                self.known.append(payload["id"])

    def read(self, rng):
        with self.known_lock:
            target = rng.choice(self.known) if self.known else None
        if target:
            self.timed("read", "GET", "/fhir/Patient/" + target)

    def fhir_search(self, rng):
        self.timed("fhir_search", "GET", "/fhir/" + rng.choice(SEARCHES))

    def trial_search(self, rng):
        self.timed("trial_search", "GET", rng.choice(TRIAL_SEARCHES))


def ehr_syncs(base, stop, recorder):
    """An EHR sync through the admin API every minute, as a site's schedule would."""
    while not stop.wait(60):
        started = time.perf_counter()
        status, run, _ = call("POST", base + "/api/ehr/sites/bench/runs", {})
        if status == 202:
            while run and run.get("state") == "RUNNING" and not stop.is_set():
                time.sleep(1)
                status, run, _ = call("GET", base + "/api/ehr/runs/" + run["runId"])
            state = run.get("state") if run else "UNREACHABLE"
            with recorder.lock:
                recorder.sync_states[state] = recorder.sync_states.get(state, 0) + 1
            # a run cut short by a kill of the registry is ABANDONED and read again by the next one
            status = 200 if state in ("SUCCEEDED", "PARTIAL", "ABANDONED") else 500 if run else status
        elif status == 409:
            status = 200
        recorder.record("ehr_sync", time.perf_counter() - started, status, {0, 503})


def phase(args, processes, template, minutes, faults):
    recorder = Recorder()
    load = Load(args.base, recorder, template)
    started = time.time()
    threads = load.run(args.clients)
    sync_thread = threading.Thread(target=ehr_syncs, args=(args.base, load.stop, recorder), daemon=True)
    sync_thread.start()
    events = []
    if faults:
        time.sleep(30)
        processes.stop_node()
        events.append({"at_s": round(time.time() - started), "event": "Elasticsearch stopped"})
        time.sleep(60)
        processes.kill_registry()
        events.append({"at_s": round(time.time() - started), "event": "registry killed (SIGKILL)"})
        ready = processes.start_registry()
        events.append({"at_s": round(time.time() - started), "event": "registry ready again after %ss" % ready})
        time.sleep(max(0, 150 - (time.time() - started)))
        processes.start_node()
        events.append({"at_s": round(time.time() - started), "event": "Elasticsearch back"})
    time.sleep(max(0, minutes * 60 - (time.time() - started)))
    load.stopped_at = time.time()
    load.stop.set()
    for thread in threads:
        thread.join(600)
    elapsed = time.time() - started
    result = recorder.report(elapsed)
    result["events"] = events
    return result, recorder


def verify(args, recorders):
    """Every write answered 2xx is stored once; every trial is in the index at its database version."""
    wait_for(lambda: (call("GET", args.base + "/actuator/health")[1] or {}).get("components", {})
             .get("searchIndex", {}).get("details", {}).get("outboxDepth", 1) == 0, 600)
    written = [w for r in recorders for w in r.written]
    trials = [t for r in recorders for t in r.trials]
    missing, duplicated = [], []
    for kind, parameter, value in written:
        status, bundle, _ = call("GET", args.base + "/fhir/%s?%s=%s|%s&_summary=count" % (kind, parameter, BENCH_SYSTEM, value))
        total = (bundle or {}).get("total", 0)
        if total == 0:
            missing.append((kind, value))
        elif total > 1:
            duplicated.append((kind, value, total))
    not_indexed = []
    for start in range(0, len(trials), 500):
        chunk = trials[start:start + 500]
        status, found, _ = call("POST", args.es + "/trials/_mget", {"ids": chunk})
        docs = (found or {}).get("docs", [])
        not_indexed += [d["_id"] for d in docs if not d.get("found")]
    status, consistency, _ = call("GET", args.base + "/actuator/trialindex/consistency", timeout=600)
    return {"writes_answered_2xx": len(written), "missing_in_database": len(missing), "duplicated": len(duplicated),
            "trials_answered_2xx": len(trials), "trials_not_in_index": len(not_indexed),
            "consistency": consistency, "examples": {"missing": missing[:5], "duplicated": duplicated[:5],
                                                     "not_indexed": not_indexed[:5]}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--es", required=True, help="the Elasticsearch node the registry uses")
    parser.add_argument("--registry-cmd", required=True, help="JSON list: the registry's command line")
    parser.add_argument("--es-cmd", required=True, help="JSON list: the node's command line")
    parser.add_argument("--ehr-port", type=int, required=True)
    parser.add_argument("--log-dir", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--fault-minutes", type=float, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    global AUTH
    AUTH = registry_auth.Tokens(args.base)

    resources = synthea_resources(2)
    Ehr.resources = resources
    Ehr.base = "http://127.0.0.1:%d" % args.ehr_port
    Ehr.group = {"resourceType": "Group", "id": "bench", "type": "person", "actual": True,
                 "member": [{"entity": {"reference": "Patient/" + p["id"]}, "period": {"start": "2026-01-15"}}
                            for p in resources["Patient"]]}
    server = ThreadingHTTPServer(("127.0.0.1", args.ehr_port), Ehr)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    processes = Processes(json.loads(args.registry_cmd), json.loads(args.es_cmd), args.base, args.es, args.log_dir)
    try:
        processes.start_node()
        ready = processes.start_registry()
        print("registry ready after %ss" % ready, file=sys.stderr)
        template = json.load(open(TRIAL))
        status, _, _ = call("POST", args.base + "/fhir", template)
        if status != 200:
            raise SystemExit("the example trial did not load: %s" % status)
        steady, steady_recorder = phase(args, processes, template, args.minutes, False)
        print(json.dumps({"steady": steady}), file=sys.stderr)
        faulty, faulty_recorder = phase(args, processes, template, args.fault_minutes, True)
        print(json.dumps({"faults": faulty}), file=sys.stderr)
        checked = verify(args, [steady_recorder, faulty_recorder])
        print(json.dumps({"label": args.label, "clients": args.clients, "steady": steady, "faults": faulty,
                          "after": checked}, indent=1))
    finally:
        processes.stop_all()
        server.shutdown()


if __name__ == "__main__":
    main()
