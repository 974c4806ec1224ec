#!/usr/bin/env bash
# Runs the official HL7 FHIR validator (R4, no terminology server, no network) over FHIR JSON files, against the
# registry package, and writes its findings as a Bundle of OperationOutcomes (one per file). The build's
# OfficialValidatorIT reads that Bundle; this script only fails when the validator could not run.
#
# Usage: run.sh RESULTS_JSON PACKAGE_TGZ FILE_OR_DIR...
#
# The first run fills a cache (about 560 MB) from Maven Central and the npm registry, never from packages.fhir.org:
#   lib/                  the validator and its dependencies (official-validator/pom.xml)
#   npm/                  npm packs of the FHIR packages the validator loads
#   home/.fhir/packages/  a FHIR package cache, handed to the validator as its user.home
# Environment: REGISTRY_VALIDATOR_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/regen-registry/official-validator).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${REGISTRY_VALIDATOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/regen-registry/official-validator}
LAYOUT=1

die() { echo "official-validator: $*" >&2; exit 2; }

(($# >= 3)) || die "usage: run.sh RESULTS_JSON PACKAGE_TGZ FILE_OR_DIR..."
RESULTS=$1
PACKAGE=$2
shift 2
[[ -f $PACKAGE ]] || die "no package at $PACKAGE"

FILES=()
for input in "$@"; do
  if [[ -d $input ]]; then
    while IFS= read -r -d '' file; do FILES+=("$file"); done < <(find "$input" -type f -name '*.json' -print0 | sort -z)
  elif [[ -f $input ]]; then
    FILES+=("$input")
  else
    die "no such file or directory: $input"
  fi
done

# R4 core comes as its examples package (the same conformance resources plus the examples), under core's name. The
# validator asks for the extensions packages at 5.2.0, which npm only has as 5.3.0-ballot-tc1: relabelled, with
# dependencies trimmed to what is installed here.
PACKS=(
  "hl7.fhir.r4.examples@4.0.1|hl7.fhir.r4.core#4.0.1|{\"name\":\"hl7.fhir.r4.core\",\"type\":\"fhir.core\"}"
  "hl7.fhir.xver-extensions@0.1.0|hl7.fhir.xver-extensions#0.1.0|"
  "hl7.terminology@7.0.1|hl7.terminology#7.0.1|"
  "hl7.terminology.r4@7.0.1|hl7.terminology.r4#7.0.1|"
  "hl7.fhir.uv.extensions.r4@5.3.0-ballot-tc1|hl7.fhir.uv.extensions.r4#5.2.0|{\"version\":\"5.2.0\",\"dependencies\":{\"hl7.fhir.r4.core\":\"4.0.1\"}}"
  "hl7.fhir.uv.extensions.r5@5.3.0-ballot-tc1|hl7.fhir.uv.extensions.r5#5.2.0|{\"version\":\"5.2.0\",\"dependencies\":{}}"
  "hl7.fhir.uv.extensions.r5@5.3.0-ballot-tc1|hl7.fhir.uv.extensions#5.2.0|{\"name\":\"hl7.fhir.uv.extensions\",\"version\":\"5.2.0\",\"dependencies\":{}}"
)

fill_cache() {
  echo "official-validator: filling the cache in $CACHE (once)" >&2
  rm -rf "$CACHE/lib" "$CACHE/home"
  mkdir -p "$CACHE/npm" "$CACHE/home/.fhir/packages"
  "$ROOT/mvnw" -q -B -ntp -s "$HERE/settings.xml" -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$CACHE/lib" -DincludeScope=runtime >"$CACHE/setup.log" 2>&1 \
    || die "fetching the validator failed, see $CACHE/setup.log"
  local pack spec entry patch tgz unpacked
  for pack in "${PACKS[@]}"; do
    IFS='|' read -r spec entry patch <<<"$pack"
    tgz="$CACHE/npm/${spec%@*}-${spec##*@}.tgz"
    if [[ ! -s $tgz ]]; then
      (cd "$CACHE/npm" && npm pack --silent "$spec" >>"$CACHE/setup.log" 2>&1) || die "npm pack $spec failed, see $CACHE/setup.log"
    fi
    unpacked="$CACHE/home/.fhir/packages/$entry"
    mkdir -p "$unpacked"
    tar -xzf "$tgz" -C "$unpacked"
    if [[ -n $patch ]]; then
      node -e 'const fs = require("fs"), file = process.argv[1];
               fs.writeFileSync(file, JSON.stringify(Object.assign(JSON.parse(fs.readFileSync(file, "utf8")),
                                                                   JSON.parse(process.argv[2])), null, 2));' \
        "$unpacked/package/package.json" "$patch"
    fi
  done
  printf '[cache]\nversion = 3\n' >"$CACHE/home/.fhir/packages/packages.ini"
  printf '{\n  "prohibitNetworkAccess": true\n}\n' >"$CACHE/home/.fhir/fhir-settings.json"
  touch "$CACHE/.layout-$LAYOUT"
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
[[ -f $CACHE/.layout-$LAYOUT ]] || fill_cache

mkdir -p "$(dirname "$RESULTS")"
rm -f "$RESULTS"
LOG="${RESULTS%.json}.log"
RUNTMP=$(mktemp -d)
trap 'rm -rf "$RUNTMP"' EXIT

status=0
java -Xmx2g -Duser.home="$CACHE/home" -Djava.io.tmpdir="$RUNTMP" -cp "$CACHE/lib/*" org.hl7.fhir.validation.ValidatorCli \
  "${FILES[@]}" -version 4.0.1 -tx n/a -allow-example-urls true -ig "$PACKAGE" -output "$RESULTS" >"$LOG" 2>&1 \
  || status=$?
# the validator exits 1 when it found errors; judging them is OfficialValidatorIT's work
[[ -s $RESULTS ]] || die "the validator wrote no results (exit $status), see $LOG"
echo "official-validator: ${#FILES[@]} files validated, results in $RESULTS" >&2
