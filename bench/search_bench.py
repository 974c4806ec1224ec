#!/usr/bin/env python3
"""Measures the trial search index of a running regen-registry: bulk load through FHIR, faceted query latency, the
web app's search and trial pages, write-to-searchable lag under a steady write load, and index rebuild throughput
against raw Elasticsearch bulk.

Standard library only. Trials are written through the registry's FHIR API (transaction Bundles of conforming,
validated ResearchStudy resources, varied from the four example trials), so they reach Elasticsearch the way every
write does: through the outbox. Prints one JSON document of results.
"""
import argparse
import copy
import datetime
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import registry_auth

FHIR_JSON = "application/fhir+json"
AUTH = None  # registry_auth.Tokens, set by main
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fhir-profiles", "src", "main", "fhir")
FAMILIES = ["prp-knee-oa", "msc-disc-degeneration", "exosome-tendinopathy", "aav-neuropathic-pain"]
PHASES = ["phase-1", "phase-1-phase-2", "phase-2", "phase-2-phase-3", "phase-3", "phase-4"]
STATUSES = ["active", "approved", "closed-to-accrual", "completed", "in-review", "temporarily-closed-to-accrual",
            "withdrawn"]
RECRUITMENT = ["not-yet-recruiting", "recruiting", "enrolling-by-invitation", "active-not-recruiting", "suspended",
               "terminated", "completed", "withdrawn"]
CITIES = [("NO", "Oslo", 59.91, 10.75), ("DE", "Berlin", 52.52, 13.40), ("GB", "London", 51.51, -0.13),
          ("US", "Boston", 42.36, -71.06), ("US", "Houston", 29.76, -95.37), ("FR", "Paris", 48.86, 2.35),
          ("ES", "Madrid", 40.42, -3.70), ("IT", "Milan", 45.46, 9.19), ("NL", "Amsterdam", 52.37, 4.90),
          ("SE", "Stockholm", 59.33, 18.07), ("JP", "Osaka", 34.69, 135.50), ("KR", "Seoul", 37.57, 126.98),
          ("AU", "Sydney", -33.87, 151.21), ("CA", "Toronto", 43.65, -79.38), ("BR", "Sao Paulo", -23.55, -46.63),
          ("IN", "Chennai", 13.08, 80.27), ("CH", "Zurich", 47.37, 8.54), ("PL", "Krakow", 50.06, 19.94),
          ("DK", "Aarhus", 56.16, 10.20), ("FI", "Helsinki", 60.17, 24.94)]
WORDS = ["knee", "disc", "tendon", "neuropathy", "pain", "regenerative", "autologous", "injection", "randomised",
         "osteoarthritis", "exosome", "stem", "plasma", "gene"]


def call(method, url, body=None, accept=FHIR_JSON, content_type=FHIR_JSON, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", accept)
    if data is not None:
        req.add_header("Content-Type", content_type)
    for name, value in AUTH.headers_for(url).items():
        req.add_header(name, value)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=600) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {url} -> {error.code}: {error.read()[:800]!r}")
    return (json.loads(payload) if payload else None), time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 1)


def summary(seconds):
    return {"n": len(seconds), "p50_ms": percentile(seconds, 0.50), "p95_ms": percentile(seconds, 0.95),
            "mean_ms": round(statistics.mean(seconds) * 1000, 1)}


def load_examples():
    """The conformance-valid pieces of each example trial, and the condition codes of the pain-condition value set."""
    examples = {}
    for key in FAMILIES:
        with open(os.path.join(EXAMPLES, "examples", f"Bundle-{key}-trial.json")) as f:
            bundle = json.load(f)
        examples[key] = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    with open(os.path.join(EXAMPLES, "ValueSet-pain-condition.json")) as f:
        value_set = json.load(f)
    conditions = [{"system": include["system"], "code": c["code"], "display": c["display"]}
                  for include in value_set["compose"]["include"] for c in include["concept"]]
    return examples, conditions


def create_references(fhir, examples, rng):
    """Shared sites, sponsors, eligibility groups and products that the generated trials point at."""
    def post_all(resources):
        bundle = {"resourceType": "Bundle", "type": "transaction",
                  "entry": [{"resource": r, "request": {"method": "POST", "url": r["resourceType"]}} for r in resources]}
        response, _ = call("POST", fhir, bundle)
        return [e["response"]["location"].split("/_history")[0] for e in response["entry"]]

    template = examples[FAMILIES[0]]
    sites = []
    for index in range(200):
        country, city, lat, lon = CITIES[index % len(CITIES)]
        site = copy.deepcopy(template["Location"])
        site.pop("id", None)
        site["name"] = f"{city} regenerative pain centre {index}"
        site["address"]["city"] = city
        site["address"]["country"] = country
        site["position"] = {"latitude": round(lat + rng.uniform(-0.5, 0.5), 4),
                            "longitude": round(lon + rng.uniform(-0.5, 0.5), 4)}
        sites.append(site)
    sponsors = []
    for index in range(50):
        sponsor = copy.deepcopy(template["Organization"])
        sponsor.pop("id", None)
        sponsor["name"] = f"Sponsor {index} for regenerative medicine"
        sponsors.append(sponsor)
    groups = []
    for index in range(40):
        group = copy.deepcopy(template["Group"])
        group.pop("id", None)
        for characteristic in group["characteristic"]:
            if "valueRange" in characteristic:
                low = rng.choice([18, 21, 30, 40, 50])
                characteristic["valueRange"]["low"]["value"] = low
                characteristic["valueRange"]["high"]["value"] = low + rng.choice([20, 30, 40, 50])
        groups.append(group)
    products = {}
    for key in FAMILIES:
        copies = []
        for _ in range(10):
            product = copy.deepcopy(examples[key]["BiologicallyDerivedProduct"])
            product.pop("id", None)
            copies.append(product)
        products[key] = post_all(copies)
    return post_all(sites), post_all(sponsors), post_all(groups), products


def trial(examples, conditions, references, rng, number):
    sites, sponsors, groups, products = references
    key = FAMILIES[number % len(FAMILIES)]
    study = copy.deepcopy(examples[key]["ResearchStudy"])
    study.pop("id", None)
    study["identifier"] = [i for i in study["identifier"] if i["system"].endswith("/sid/trial")][:1]
    study["identifier"][0]["value"] = f"RR-BENCH-{number:07d}"
    study["title"] = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} trial {number}: {study['title']}"
    study["status"] = rng.choice(STATUSES)
    study["phase"]["coding"][0]["code"] = rng.choice(PHASES)
    chosen = rng.sample(conditions, rng.choice([1, 1, 2]))
    study["condition"] = [{"coding": [c]} for c in chosen]
    start = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 12))
    study["period"] = {"start": start.isoformat()}
    study["site"] = [{"reference": s} for s in rng.sample(sites, rng.choice([1, 1, 2, 3]))]
    study["sponsor"] = {"reference": rng.choice(sponsors)}
    study["enrollment"] = [{"reference": rng.choice(groups)}]
    for extension in study.get("extension", []):
        if extension["url"].endswith("/investigational-product"):
            extension["valueReference"] = {"reference": rng.choice(products[key])}
        if extension["url"].endswith("/recruitment"):
            for part in extension["extension"]:
                if part["url"] == "status":
                    part["valueCodeableConcept"]["coding"][0]["code"] = rng.choice(RECRUITMENT)
    return study


def load_trials(fhir, examples, conditions, references, count, per_bundle, clients, seed):
    def send(first):
        rng = random.Random(seed + first)
        entries = [{"resource": trial(examples, conditions, references, rng, n),
                    "request": {"method": "POST", "url": "ResearchStudy"}}
                   for n in range(first, min(first + per_bundle, count))]
        _, seconds = call("POST", fhir, {"resourceType": "Bundle", "type": "transaction", "entry": entries})
        return len(entries), seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(send, range(0, count, per_bundle)))
    elapsed = time.perf_counter() - started
    return {"trials": count, "seconds": round(elapsed, 1), "trials_per_s": round(count / elapsed, 1),
            "bundle": summary([s for _, s in results])}


def await_drained(base, timeout):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        state, _ = call("GET", f"{base}/actuator/trialindex", accept="application/json")
        if state["outboxDepth"] == 0:
            return time.perf_counter() - started
        time.sleep(1)
    raise SystemExit("the outbox did not drain")


def random_query(rng, conditions):
    filters = [
        lambda: f"conditionGroup={rng.choice(['osteoarthritis', 'spinal-pain', 'neuropathic-pain', 'tendinopathy'])}",
        lambda: f"therapyFamily={rng.choice(['prp', 'stem-cell', 'exosome', 'gene-therapy'])}",
        lambda: f"phase={rng.choice(PHASES)}",
        lambda: f"status={rng.choice(STATUSES)}",
        lambda: f"country={rng.choice(CITIES)[0]}",
        lambda: f"condition={rng.choice(conditions)['code']}",
        lambda: f"recruitmentStatus={rng.choice(RECRUITMENT)}",
        lambda: f"age={rng.randrange(18, 80)}",
        lambda: "near={},{},{}".format(*rng.choice(CITIES)[2:], rng.choice([50, 200, 1000])),
        lambda: f"startFrom={rng.randrange(2015, 2026)}-01-01",
        lambda: f"q={rng.choice(WORDS)}",
        lambda: "hasResults=false",
    ]
    chosen = rng.sample(filters, rng.choice([0, 1, 2, 3]))
    parameters = [f() for f in chosen] + [f"page={rng.choice([0, 0, 0, 1, 4])}", "size=20"]
    return "&".join(parameters)


def request_cache_hits(elasticsearch):
    stats, _ = call("GET", f"{elasticsearch}/trials/_stats/request_cache", accept="application/json")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


def facet_latency(base, elasticsearch, conditions, warmup, samples, seed):
    """Random searches; each timing is also filed by whether the node answered its counts from the request cache
    (read from the index stats between two searches, outside the timing)."""
    rng = random.Random(seed)
    for _ in range(warmup):
        call("GET", f"{base}/api/trials?{random_query(rng, conditions)}", accept="application/json")
    timings, cached, counted = [], [], []
    for _ in range(samples):
        hits_before = request_cache_hits(elasticsearch)
        _, seconds = call("GET", f"{base}/api/trials?{random_query(rng, conditions)}", accept="application/json")
        timings.append(seconds)
        (cached if request_cache_hits(elasticsearch) > hits_before else counted).append(seconds)
    everything, _ = call("GET", f"{base}/api/trials?size=1", accept="application/json")
    return {"queries": summary(timings), "counts_from_cache": summary(cached) if cached else None,
            "counts_computed": summary(counted), "indexed_trials": everything["total"]}


def page_seconds(url):
    """One web page, its body read; the time until the last byte, over loopback."""
    req = urllib.request.Request(url, headers={"Accept": "text/html"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as response:
        if response.status != 200 or not response.headers.get("Content-Type", "").startswith("text/html"):
            raise SystemExit(f"GET {url} -> {response.status} {response.headers.get('Content-Type')}")
        response.read()
    return time.perf_counter() - started


def web_pages(base, conditions, warmup, samples, seed):
    """The web app's search page with the facet queries' random filters, and trial pages of random trials (their ids
    from random pages of /api/trials), anonymously as a researcher reads them."""
    rng = random.Random(seed + 1)
    ids = []
    for _ in range(20):
        found, _ = call("GET", f"{base}/api/trials?page={rng.randrange(0, 400)}&size=20", accept="application/json")
        ids.extend(hit["trial"]["id"] for hit in found["hits"])
    for _ in range(warmup):
        page_seconds(f"{base}/?{random_query(rng, conditions)}")
        page_seconds(f"{base}/trials/{rng.choice(ids)}")
    search = [page_seconds(f"{base}/?{random_query(rng, conditions)}") for _ in range(samples)]
    trial_pages = [page_seconds(f"{base}/trials/{rng.choice(ids)}") for _ in range(samples)]
    return {"search_page": summary(search), "trial_page": summary(trial_pages)}


def write_lag(fhir, elasticsearch, examples, conditions, references, rate, seconds, seed):
    """Single-trial creates at a steady rate; each trial's time from the create's answer to being searchable."""
    rng = random.Random(seed)
    committed, seen = {}, {}
    lock = threading.Lock()
    done = threading.Event()

    def watch():
        while not (done.is_set() and len(seen) == len(committed)):
            with lock:
                waiting = [i for i in committed if i not in seen]
            if waiting:
                query = {"size": len(waiting), "_source": False, "query": {"ids": {"values": waiting}}}
                found, _ = call("POST", f"{elasticsearch}/trials/_search", query, accept="application/json",
                                content_type="application/json")
                now = time.perf_counter()
                with lock:
                    for hit in found["hits"]["hits"]:
                        seen.setdefault(hit["_id"], now)
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    interval = 1.0 / rate
    next_write = time.perf_counter()
    for number in range(int(rate * seconds)):
        time.sleep(max(0.0, next_write - time.perf_counter()))
        next_write += interval
        created, _ = call("POST", f"{fhir}/ResearchStudy",
                          trial(examples, conditions, references, rng, 9_000_000 + number))
        with lock:
            committed[created["id"]] = time.perf_counter()
    done.set()
    watcher.join(timeout=120)
    return {"writes_per_s": rate, "writes": len(committed),
            "commit_to_searchable": summary([seen[i] - committed[i] for i in committed if i in seen]),
            "never_seen": len([i for i in committed if i not in seen])}


def rebuild(base):
    started_at = time.perf_counter()
    call("POST", f"{base}/actuator/trialindex", accept="application/json", content_type="application/json",
                     raw=b"")
    while True:
        state, _ = call("GET", f"{base}/actuator/trialindex", accept="application/json")
        if state["rebuild"]["state"] in ("FINISHED", "FAILED"):
            break
        time.sleep(0.5)
    if state["rebuild"]["state"] == "FAILED":
        raise SystemExit(f"rebuild failed: {state['rebuild']['error']}")
    status = state["rebuild"]
    seconds = (datetime.datetime.fromisoformat(status["finishedAt"].replace("Z", "+00:00"))
               - datetime.datetime.fromisoformat(status["startedAt"].replace("Z", "+00:00"))).total_seconds()
    return {"index": status["index"], "trials": status["trials"], "seconds": round(seconds, 1),
            "seconds_seen_by_client": round(time.perf_counter() - started_at, 1),
            "trials_per_s": round(status["trials"] / seconds, 1)}


def raw_bulk(elasticsearch, batch):
    """The same documents, read back from the live index, bulk-loaded into a scratch index with the same mapping and
    settings by a client doing nothing else: the ceiling the rebuild is compared with."""
    live, _ = call("GET", f"{elasticsearch}/_alias/trials", accept="application/json")
    live_index = next(iter(live))
    definition, _ = call("GET", f"{elasticsearch}/{live_index}", accept="application/json")
    mappings = definition[live_index]["mappings"]
    call("DELETE", f"{elasticsearch}/bench-raw?ignore_unavailable=true", accept="application/json")
    call("PUT", f"{elasticsearch}/bench-raw", {"settings": {"number_of_shards": 1, "number_of_replicas": 0,
                                                            "refresh_interval": "-1"}, "mappings": mappings},
         accept="application/json", content_type="application/json")
    bodies, after = [], None
    while True:
        query = {"size": batch, "sort": [{"id": "asc"}], "query": {"match_all": {}}}
        if after:
            query["search_after"] = after
        page, _ = call("POST", f"{elasticsearch}/trials/_search", query, accept="application/json",
                       content_type="application/json")
        hits = page["hits"]["hits"]
        if not hits:
            break
        lines = []
        for hit in hits:
            lines.append(json.dumps({"index": {"_index": "bench-raw", "_id": hit["_id"],
                                               "version": hit["_source"]["revision"],
                                               "version_type": "external"}}))
            lines.append(json.dumps(hit["_source"]))
        bodies.append(("\n".join(lines) + "\n").encode())
        after = hits[-1]["sort"]
    started = time.perf_counter()
    documents = 0
    for body in bodies:
        result, _ = call("POST", f"{elasticsearch}/_bulk", accept="application/json",
                         content_type="application/x-ndjson", raw=body)
        if result["errors"]:
            raise SystemExit("raw bulk reported errors")
        documents += len(result["items"])
    elapsed = time.perf_counter() - started
    call("DELETE", f"{elasticsearch}/bench-raw", accept="application/json")
    return {"documents": documents, "seconds": round(elapsed, 1), "documents_per_s": round(documents / elapsed, 1)}


def progress(results):
    """What is measured so far, on stderr, so that a late failure does not lose the earlier numbers."""
    print(json.dumps(results), file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="the registry, e.g. http://127.0.0.1:18080")
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--bundle", type=int, default=500, help="trials per transaction Bundle")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--lag-rate", type=float, default=10.0, help="single-trial writes per second")
    parser.add_argument("--lag-seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--label", default="")
    parser.add_argument("--parts", default="facets,pages,lag,rebuild",
                        help="what to measure after the load: any of facets, pages, lag, rebuild")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    global AUTH
    AUTH = registry_auth.Tokens(args.base)
    fhir = f"{args.base}/fhir"
    health, _ = call("GET", f"{args.base}/actuator/health", accept="application/json")
    elasticsearch = health["components"]["searchIndex"]["details"]["nodes"][0].rstrip("/")

    rng = random.Random(args.seed)
    examples, conditions = load_examples()
    references = create_references(fhir, examples, rng)
    results = {"label": args.label, "trials": args.trials}
    results["load"] = load_trials(fhir, examples, conditions, references, args.trials, args.bundle, args.clients,
                                  args.seed)
    results["load"]["drained_after_load_s"] = round(await_drained(args.base, 3600), 1)
    progress(results)
    if "facets" in parts:
        results["facet_queries"] = facet_latency(args.base, elasticsearch, conditions, 50, args.queries, args.seed)
        progress(results)
    if "pages" in parts:
        results["web_pages"] = web_pages(args.base, conditions, 50, args.queries, args.seed)
        progress(results)
    if "lag" in parts:
        results["lag"] = write_lag(fhir, elasticsearch, examples, conditions, references, args.lag_rate,
                                   args.lag_seconds, args.seed)
        progress(results)
    if "rebuild" in parts:
        await_drained(args.base, 600)
        results["rebuild"] = rebuild(args.base)
        progress(results)
        results["raw_bulk"] = raw_bulk(elasticsearch, REBUILD_PAGE)
        results["rebuild_vs_raw_bulk"] = round(results["rebuild"]["trials_per_s"]
                                               / results["raw_bulk"]["documents_per_s"], 2)
    print(json.dumps(results, indent=2))


REBUILD_PAGE = 500  # TrialIndexRebuild.PAGE_SIZE: the raw bulk sends pages of the same size

if __name__ == "__main__":
    main()
