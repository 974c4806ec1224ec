#!/usr/bin/env python3
"""Measures the outcome features of a running regen-registry: the pooled analysis over 1,000 trials and 100,000
subjects, and how soon a trial's outcome summaries follow a write.

Standard library only. Trials are written through the registry's FHIR API as a site writes them: per trial one
transaction Bundle of the trial (the PRP example varied as bench/search_bench.py varies it) and its subjects, each a
ResearchSubject and NRS pain scores at baseline and 6 months, drawn around a true effect. To spare the ingest a
Patient per subject, the k-th subject of every trial is the same Patient (the summaries read subjects and scores per
trial, so they do not see it). One trial in ten has no comparator arm (single-arm). The summaries are computed by the
registry's outcome outbox. Then:

- analysis: GET /api/analysis over all the trials (therapyFamily=prp) with each option set (DL/REML, HKSJ/Wald,
  MD/SMD), and over condition-group subsets, as the public asks it; the forest plot SVG the same way;
- lag: a 1-month score written for a subject of a random trial, then /api/trials/{id}/outcomes polled until it is
  current and was computed after the write; the time from the write's answer to that.

Prints one JSON document of results.
"""
import argparse
import copy
import datetime
import json
import random
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import registry_auth
import search_bench
from search_bench import call, summary, progress

NRS = {"system": "http://loinc.org", "code": "72514-3",
       "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
GROUPS = ["osteoarthritis", "spinal-pain", "neuropathic-pain", "tendinopathy"]


def score(patient, study, day, value):
    return {"resourceType": "Observation",
            "meta": {"profile": ["https://regen-registry.org/fhir/StructureDefinition/rr-pain-score"]},
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/workflow-researchStudy",
                           "valueReference": {"reference": study}}],
            "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                      "code": "survey"}]}],
            "code": {"coding": [NRS]},
            "subject": {"reference": patient},
            "effectiveDateTime": day.isoformat(),
            "valueInteger": max(0, min(10, int(round(value))))}


def trial_bundle(examples, conditions, references, subject_template, rng, number, patients, single_arm, effect):
    study = search_bench.trial(examples, conditions, references, rng, number * len(search_bench.FAMILIES))
    if single_arm:
        study["arm"] = [arm for arm in study["arm"] if arm["type"]["coding"][0]["code"] == "experimental"]
    study_urn = f"urn:uuid:{uuid.uuid4()}"
    entries = [{"fullUrl": study_urn, "resource": study, "request": {"method": "POST", "url": "ResearchStudy"}}]
    arms = [arm["name"] for arm in study["arm"]]
    start = datetime.date.today() - datetime.timedelta(days=800)
    true_effect = effect + rng.gauss(0, 0.5)
    for index, patient in enumerate(patients):
        arm = arms[index % len(arms)]
        experimental = arm == arms[0]
        pseudonym = f"RR-BENCH-S{number:05d}-{index:03d}"
        subject = copy.deepcopy(subject_template)
        subject.pop("id", None)
        subject["identifier"][0]["value"] = pseudonym
        enrolled = start + datetime.timedelta(days=rng.randrange(0, 60))
        subject["period"] = {"start": enrolled.isoformat()}
        subject["study"] = {"reference": study_urn}
        subject["individual"] = {"reference": patient}
        subject["assignedArm"] = arm
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": subject,
                        "request": {"method": "POST", "url": "ResearchSubject"}})
        baseline = rng.gauss(6.5, 1.2)
        change = -1.5 + (true_effect if experimental else 0)
        for day, value in ((0, baseline), (182, baseline + change + rng.gauss(0, 2.0))):
            entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}",
                            "resource": score(patient, study_urn, enrolled + datetime.timedelta(days=day), value),
                            "request": {"method": "POST", "url": "Observation"}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def load(fhir, examples, conditions, references, subject_template, trials, subjects, clients, seed, effect):
    """Writes the Patients, then the trials; answers each trial's id and the Patients of its subjects."""
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"resource": {"resourceType": "Patient",
                      "identifier": [{"system": "https://regen-registry.org/fhir/sid/subject",
                                      "value": f"RR-BENCH-P{index:04d}"}]},
         "request": {"method": "POST", "url": "Patient"}} for index in range(subjects)]}
    response, _ = call("POST", fhir, bundle)
    patients = [e["response"]["location"].split("/_history")[0] for e in response["entry"]]

    def send(number):
        rng = random.Random(seed + number)
        bundle = trial_bundle(examples, conditions, references, subject_template, rng, number, patients,
                              number % 10 == 9, effect)
        response, seconds = call("POST", fhir, bundle)
        location = response["entry"][0]["response"]["location"].split("/_history")[0]
        return location.split("/")[1], seconds, len(bundle["entry"])

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        written = list(pool.map(send, range(trials)))
    elapsed = time.perf_counter() - started
    resources = sum(w[2] for w in written)
    return ({w[0]: patients for w in written},
            {"trials": trials, "subjects": trials * subjects, "resources": resources, "seconds": round(elapsed, 1),
             "resources_per_s": round(resources / elapsed, 1), "bundle": summary([w[1] for w in written])})


def outbox_depth(base):
    metric, _ = call("GET", f"{base}/actuator/metrics/registry.outcomes.outbox.depth", accept="application/json")
    return metric["measurements"][0]["value"]


def await_summaries(base, timeout):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if outbox_depth(base) == 0:
            return time.perf_counter() - started
        time.sleep(1)
    raise SystemExit("the outcome outbox did not drain")


def analysis_latency(base, queries, seed):
    rng = random.Random(seed)
    options = [("dl", "hksj", ""), ("dl", "wald", ""), ("reml", "hksj", ""), ("dl", "hksj", "&effect=smd")]
    timings = {"all_trials": [], "condition_group": [], "forest_svg": []}
    trials_analysed = None
    pooled = None
    for index in range(queries):
        tau2, interval, effect = options[index % len(options)]
        query = f"therapyFamily=prp&outcome=pain&timepoint=6mo&tau2={tau2}&interval={interval}{effect}"
        answer, seconds = call("GET", f"{base}/api/analysis?{query}", accept="application/json")
        timings["all_trials"].append(seconds)
        if index == 0:
            trials_analysed = len(answer["analysis"]["comparisons"]) + len(answer["analysis"]["singleArm"])
            pooled = answer["analysis"]["pooled"]
        group = rng.choice(GROUPS)
        _, seconds = call("GET", f"{base}/api/analysis?therapyFamily=prp&conditionGroup={group}&timepoint=6mo",
                          accept="application/json")
        timings["condition_group"].append(seconds)
        if index % 5 == 0:
            started = time.perf_counter()
            with urllib.request.urlopen(f"{base}/api/analysis/forest.svg?therapyFamily=prp&timepoint=6mo",
                                        timeout=60) as response:
                response.read()
            timings["forest_svg"].append(time.perf_counter() - started)
    result = {name: summary(values) for name, values in timings.items()}
    result["trials_analysed"] = trials_analysed
    result["pooled_dl_hksj"] = {key: pooled[key] for key in ("k", "estimate", "ciLower", "ciUpper", "tau2", "i2")}
    return result


def summary_lag(base, fhir, patients, writes, seed):
    """Per write: a 1-month score of a random subject, then the trial's summaries polled until they are current and
    were computed after the write (their computedAt moved)."""
    rng = random.Random(seed)
    lags = []
    trials = sorted(patients)
    for _ in range(writes):
        trial = rng.choice(trials)
        patient = rng.choice(patients[trial])
        before, _ = call("GET", f"{base}/api/trials/{trial}/outcomes", accept="application/json")
        subjects, _ = call("GET", f"{fhir}/ResearchSubject?patient={patient}&study=ResearchStudy/{trial}")
        start = datetime.date.fromisoformat(subjects["entry"][0]["resource"]["period"]["start"][:10])
        call("POST", f"{fhir}/Observation",
             score(patient, f"ResearchStudy/{trial}", start + datetime.timedelta(days=30), rng.randrange(0, 11)))
        written = time.perf_counter()
        while True:
            after, _ = call("GET", f"{base}/api/trials/{trial}/outcomes", accept="application/json")
            if after["current"] and after["computedAt"] != before["computedAt"]:
                lags.append(time.perf_counter() - written)
                break
            if time.perf_counter() - written > 60:
                raise SystemExit(f"the summaries of {trial} did not follow a write within 60 s")
            time.sleep(0.05)
    result = summary(lags)
    result["max_ms"] = round(max(lags) * 1000, 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="the registry, e.g. http://127.0.0.1:18080")
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--subjects", type=int, default=100, help="subjects per trial (at most 330: a Bundle takes"
                        " 1,000 entries)")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--writes", type=int, default=50, help="single writes whose summary lag is measured")
    parser.add_argument("--effect", type=float, default=-1.2, help="true NRS difference, PRP minus saline")
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tokens = registry_auth.Tokens(args.base)
    search_bench.AUTH = tokens
    fhir = f"{args.base}/fhir"

    rng = random.Random(args.seed)
    examples, conditions = search_bench.load_examples()
    with open(f"{search_bench.EXAMPLES}/examples/Bundle-prp-knee-oa-trial.json") as f:
        subject_template = next(e["resource"] for e in json.load(f)["entry"]
                                if e["resource"]["resourceType"] == "ResearchSubject")
    references = search_bench.create_references(fhir, examples, rng)
    results = {"label": args.label, "true_effect": args.effect}
    patients, results["load"] = load(fhir, examples, conditions, references, subject_template, args.trials,
                                     args.subjects, args.clients, args.seed, args.effect)
    results["load"]["summaries_current_after_s"] = round(await_summaries(args.base, 3600), 1)
    search_bench.await_drained(args.base, 3600)
    progress(results)
    results["analysis"] = analysis_latency(args.base, args.queries, args.seed)
    progress(results)
    results["summary_lag"] = summary_lag(args.base, fhir, patients, args.writes, args.seed)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
