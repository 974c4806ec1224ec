#!/usr/bin/env bash
# Benchmarks a freshly started registry-server on one database.
#   bench/run.sh h2          the embedded default, in a throwaway data folder (and its own Elasticsearch node)
#   bench/run.sh postgres    a throwaway local PostgreSQL cluster (Debian's postgresql package; installed if missing)
# BENCH=fhir (default) runs fhir_bench.py, BENCH=search runs search_bench.py (100,000 trials; about 30 minutes),
# BENCH=ehr runs ehr_bench.py (a Bulk Data import from a small EHR against a transaction load of the same resources).
# BENCH=load runs load_bench.py (16 clients of mixed load for 10 minutes, then through an Elasticsearch outage and a
# SIGKILL of the registry; it starts the registry and an Elasticsearch node itself; about 20 minutes).
# BENCH=audit (postgres only) writes a million audit records, times their linking into the chain and its verification.
# BENCH=submission receives a signed outcome package of 1,000 records and times its receipt and its verification.
# BENCH=ctgov imports 10,000 ClinicalTrials.gov records through the admin API, then the same again (bench/ctgov_bench.py).
# BENCH=outcomes writes 1,000 trials of 100 subjects with pain scores, then times the pooled analysis over them and how
# soon a trial's outcome summaries follow a write (bench/outcomes_bench.py).
# BENCH=side-by-side also starts stock HAPI FHIR 8.8.0 JPA (bench/stock-hapi/) on its own fresh database and posts the
# same transaction Bundles to both in alternating rounds (bench/side_by_side.py).
# Extra arguments go to the script (e.g. --bundles 100 --clients 4). Results: bench/results/<bench>-<db>-<time>.json
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:?usage: bench/run.sh h2|postgres [fhir_bench.py options]}"
shift
port="${BENCH_PORT:-18080}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${pg_bin:-}" ]; then su postgres -c "$pg_bin/pg_ctl -D $work/pg -m fast stop" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -q -B -DskipTests package -pl registry-server -am

bench="${BENCH:-fhir}"
args=(--server.port="$port" --logging.file.name="$work/registry.json" --logging.level.fhir.access=WARN
  --registry.search.embedded.work-dir="$work/elasticsearch" --registry.audit.signing-key="$work/audit-signing-key.jwk")
case "$db" in
  h2)
    args+=(--spring.datasource.url="jdbc:h2:file:$work/h2/registry")
    ;;
  postgres)
    [ "$(id -u)" -eq 0 ] || { echo "bench/run.sh postgres runs a throwaway cluster as the postgres user: run it as root" >&2; exit 2; }
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
    pg_port=$((port + 1))
    mkdir -p "$work/pg" && chown postgres "$work" "$work/pg"
    su postgres -c "$pg_bin/initdb -D $work/pg -U postgres -A trust" >/dev/null
    su postgres -c "$pg_bin/pg_ctl -D $work/pg -o '-p $pg_port -k $work' -l $work/pg.log -w start" >/dev/null
    su postgres -c "psql -h 127.0.0.1 -p $pg_port -U postgres -c 'CREATE DATABASE registry'" >/dev/null
    args+=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/registry"
      --spring.datasource.username=postgres --spring.datasource.password= --registry.security.dev-tokens=false)
    ;;
  *) echo "unknown database '$db' (h2 or postgres)" >&2; exit 2 ;;
esac

# the benchmark's clients (bench/registry_auth.py): a site, a regulator and operations, all with one key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/client.pem" 2>/dev/null
mapfile -t clients < <(python3 bench/registry_auth.py options "$work/client.pem")
args+=("${clients[@]}")
export BENCH_CLIENT_KEY="$work/client.pem"

if [ "$bench" = ehr ] || [ "$bench" = load ] || [ "$bench" = side-by-side ]; then
  # the site `bench`, served by the small EHR inside bench/ehr_bench.py (or bench/side_by_side.py)
  ehr_port=$((port + 2))
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/site.pem" 2>/dev/null
  site=--registry.ehr.sites.bench
  args+=("$site.fhir-base-url=http://127.0.0.1:$ehr_port/fhir" "$site.client-id=regen-registry"
    "$site.private-key-file=$work/site.pem" "$site.key-id=bench" "$site.flavour=generic" "$site.method=bulk"
    "$site.group-id=bench" "$site.trial=prp-knee-oa" "$site.arm=LP-PRP"
    "$site.pseudonym-key=the-pseudonym-key-of-the-benchmark-site-0123456789")
fi

if [ "$bench" = load ]; then
  es_port=$((port + 3))
  args+=(--registry.search.elasticsearch.uris="http://127.0.0.1:$es_port")
  json() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@"; }
  es_jar="$(ls embedded-elasticsearch/target/embedded-elasticsearch-*.jar | head -1)"
  mkdir -p bench/results
  out="bench/results/load-$db-$(date -u +%Y%m%dT%H%M%SZ).json"
  python3 bench/load_bench.py --base "http://127.0.0.1:$port" --es "http://127.0.0.1:$es_port" \
    --registry-cmd "$(json java -Xmx1g -jar registry-server/target/registry-server.jar "${args[@]}")" \
    --es-cmd "$(json java -cp "$es_jar" bench/EsNode.java "$work/es" "$es_port")" \
    --ehr-port "$ehr_port" --log-dir "$work" --label "$db, $(nproc) cores" "$@" | tee "$out"
  exit 0
fi

if [ "$bench" = side-by-side ]; then
  ./mvnw -q -B -DskipTests -f bench/stock-hapi/pom.xml package
  stock_port=$((port + 4))
  stock_args=(--server.port="$stock_port")
  if [ "$db" = postgres ]; then
    su postgres -c "psql -h 127.0.0.1 -p $pg_port -U postgres -c 'CREATE DATABASE stock'" >/dev/null
    stock_args+=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/stock" --spring.datasource.username=postgres
      --spring.datasource.password= --spring.jpa.properties.hibernate.dialect=ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect)
  else
    stock_args+=(--spring.datasource.url="jdbc:h2:file:$work/stock/h2")
  fi
  stock_jar="$PWD/bench/stock-hapi/target/stock-hapi.jar"
  (cd "$work" && exec java -Xmx1g -jar "$stock_jar" "${stock_args[@]}" >"$work/stock.log" 2>&1) &
  stock_pid=$!
  pids+=("$stock_pid")
fi

started=$(date +%s.%N)
# REGISTRY_JAVA_OPTS: more JVM options for the registry alone, e.g. a JFR recording for bench/jfr_split.py
# shellcheck disable=SC2086
java -Xmx1g ${REGISTRY_JAVA_OPTS:-} -jar registry-server/target/registry-server.jar "${args[@]}" >"$work/stdout.log" 2>&1 &
registry_pid=$!
pids+=("$registry_pid")
until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null; do
  kill -0 "$registry_pid" 2>/dev/null || { tail -50 "$work/stdout.log"; exit 1; }
  sleep 0.5
done
ready=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")
echo "registry-server ready on $db after ${ready}s" >&2
if [ "$bench" = side-by-side ]; then
  until curl -sf "http://127.0.0.1:$stock_port/fhir/metadata" >/dev/null; do
    kill -0 "$stock_pid" 2>/dev/null || { tail -50 "$work/stock.log"; exit 1; }
    sleep 0.5
  done
  echo "stock HAPI ready on $db" >&2
fi

mkdir -p bench/results
out="bench/results/$bench-$db-$(date -u +%Y%m%dT%H%M%SZ).json"
label="$db, $(nproc) cores, ready after ${ready}s"
case "$bench" in
  fhir) python3 bench/fhir_bench.py --base "http://127.0.0.1:$port/fhir" --label "$label" "$@" | tee "$out" ;;
  search) python3 bench/search_bench.py --base "http://127.0.0.1:$port" --label "$label" "$@" | tee "$out" ;;
  ehr) python3 bench/ehr_bench.py --base "http://127.0.0.1:$port" --ehr-port "$ehr_port" --label "$label" "$@" | tee "$out" ;;
  audit)
    [ "$db" = postgres ] || { echo "BENCH=audit writes its records with psql: run it on postgres" >&2; exit 2; }
    psql_cmd="$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' \
      "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d registry)"
    python3 bench/audit_bench.py --base "http://127.0.0.1:$port" --psql "$psql_cmd" --label "$label" "$@" | tee "$out" ;;
  ctgov) python3 bench/ctgov_bench.py --base "http://127.0.0.1:$port" --label "$label" "$@" | tee "$out" ;;
  outcomes) python3 bench/outcomes_bench.py --base "http://127.0.0.1:$port" --label "$label" "$@" | tee "$out" ;;
  submission) python3 bench/submission_bench.py --base "http://127.0.0.1:$port" --label "$label" "$@" | tee "$out" ;;
  side-by-side) python3 bench/side_by_side.py --registry "http://127.0.0.1:$port" --stock "http://127.0.0.1:$stock_port" \
    --ehr-port "$ehr_port" --label "$label" "$@" | tee "$out" ;;
  *) echo "unknown BENCH '$bench' (fhir, search, ehr, audit, submission, ctgov, outcomes or side-by-side)" >&2; exit 2 ;;
esac
