#!/usr/bin/env bash
# Regenerates the synthetic EHR Bundles in this directory with Synthea.
#
# Needs Java 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven) and access to Maven Central.
# Synthea is fetched from Maven Central as org.mitre.synthea:synthea:3.3.0 together with its runtime
# dependencies (about 200 MB, into a temporary directory and ~/.m2), then run offline.
#
# The output is byte-for-byte reproducible: fixed seeds, fixed reference and end date, one generator thread.
#   - 12 patients aged 45-75 on 2025-01-01, Massachusetts
#   - only patients with an active chronic pain condition are kept (chronic pain, chronic low back or neck
#     pain, osteoarthritis of knee/hip/hand, fibromyalgia)
#   - disease modules limited to wellness encounters (vital signs with pain severity, LOINC 72514-3),
#     osteoarthritis, fibromyalgia, opioid prescribing for chronic pain, total joint replacement
#   - two years of history (2023-01-01 to 2025-01-01); Claim and ExplanationOfBenefit left out
#
# Usage: bash generate.sh        (replaces every *.json in this directory)
set -euo pipefail

SYNTHEA_VERSION=3.3.0
SEED=42
CLINICIAN_SEED=42
POPULATION=12
AGES=45-75
REFERENCE_DATE=20250101
END_DATE=20250101
YEARS_OF_HISTORY=2
STATE=Massachusetts
MODULES='wellness_encounters:osteoarthritis:fibromyalgia:prescribing_opioids_for_chronic_pain_and_treatment_of_oud:total_joint_replacement'

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A throwaway POM, only to resolve Synthea and its runtime dependencies from Maven Central.
cat > "$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.synthea</groupId>
  <artifactId>synthea-runner</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.mitre.synthea</groupId>
      <artifactId>synthea</artifactId>
      <version>${SYNTHEA_VERSION}</version>
    </dependency>
  </dependencies>
</project>
EOF

# Keep only patients who have an active chronic pain condition at the end of the simulation.
cat > "$work/keep-chronic-pain.json" <<'EOF'
{
  "name": "Keep patients with an active chronic pain condition",
  "gmf_version": 2,
  "states": {
    "Initial": {
      "type": "Initial",
      "conditional_transition": [
        {
          "transition": "Keep",
          "condition": {
            "condition_type": "Active Condition",
            "codes": [
              { "system": "SNOMED-CT", "code": "82423001", "display": "Chronic pain (finding)" },
              { "system": "SNOMED-CT", "code": "278860009", "display": "Chronic low back pain (finding)" },
              { "system": "SNOMED-CT", "code": "1121000119107", "display": "Chronic neck pain (finding)" },
              { "system": "SNOMED-CT", "code": "239873007", "display": "Osteoarthritis of knee" },
              { "system": "SNOMED-CT", "code": "239872002", "display": "Osteoarthritis of hip" },
              { "system": "SNOMED-CT", "code": "201834006", "display": "Localized, primary osteoarthritis of the hand" },
              { "system": "SNOMED-CT", "code": "203082005", "display": "Fibromyalgia (disorder)" },
              { "system": "SNOMED-CT", "code": "95417003", "display": "Primary fibromyalgia syndrome" }
            ]
          }
        },
        { "transition": "Terminal" }
      ]
    },
    "Terminal": { "type": "Terminal" },
    "Keep": { "type": "Terminal" }
  }
}
EOF

nice -n 19 mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$work/lib"

cd "$work"
nice -n 19 java -Xmx2g -cp "$work/lib/*" App \
  -s "$SEED" -cs "$CLINICIAN_SEED" -p "$POPULATION" -a "$AGES" \
  -r "$REFERENCE_DATE" -e "$END_DATE" \
  -m "$MODULES" \
  -k "$work/keep-chronic-pain.json" \
  --exporter.baseDirectory="$work/output/" \
  --exporter.years_of_history="$YEARS_OF_HISTORY" \
  --exporter.fhir.export=true \
  --exporter.fhir.transaction_bundle=true \
  --exporter.fhir.excluded_resources=Claim,ExplanationOfBenefit \
  --exporter.hospital.fhir.export=true \
  --exporter.practitioner.fhir.export=true \
  --exporter.metadata.export=false \
  --generate.thread_pool_size=1 \
  "$STATE"

count=$(find "$work/output/fhir" -maxdepth 1 -name '*.json' | wc -l)
if [ "$count" -ne $((POPULATION + 2)) ]; then
  echo "expected $((POPULATION + 2)) Bundles, Synthea wrote $count" >&2
  exit 1
fi

rm -f "$here"/*.json
cp "$work"/output/fhir/*.json "$here"/
echo "wrote $count Bundles to $here"
