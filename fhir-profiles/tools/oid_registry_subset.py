#!/usr/bin/env python3
"""Writes fhir-profiles/src/main/resources/oidregistry.csv: the code-system rows of the HL7 validator's OID registry.

org.hl7.fhir.validation re-reads the whole oidregistry.csv of org.hl7.fhir.utilities (21,000 rows, 1.5 MB) every
time it builds an instance validator, that is on every validation: about 10 ms per resource. The validator only maps
code-system OIDs (urn:oid: in Coding.system), so the registry ships the code-system rows (Oid_Type 5 and 6, with the
HL7 roots 0-2) ahead of the library's copy on the classpath. Run it after upgrading HAPI FHIR:
    python3 fhir-profiles/tools/oid_registry_subset.py ~/.m2/repository/ca/uhn/hapi/fhir/org.hl7.fhir.utilities/<v>/org.hl7.fhir.utilities-<v>.jar
"""
import csv
import io
import os
import sys
import zipfile

KEEP = {"0", "1", "2", "5", "6"}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "oidregistry.csv")

with zipfile.ZipFile(sys.argv[1]) as jar:
    rows = list(csv.reader(io.TextIOWrapper(jar.open("oidregistry.csv"), encoding="utf-8")))
kept = [rows[0]] + [row for row in rows[1:] if len(row) > 1 and row[1] in KEEP]
with open(OUT, "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(kept)
print(f"{len(kept) - 1} of {len(rows) - 1} rows kept")
