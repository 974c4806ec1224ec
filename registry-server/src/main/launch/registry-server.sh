#!/usr/bin/env bash
# regen-registry: this jar runs itself (./registry-server.jar) with the embedded default's memory settings, in the
# directory it is started from (its ./data). JAVA_OPTS replaces them; `java -jar registry-server.jar` skips them.
# Without a limit the JVM may take a quarter of the machine and keeps what it took; 1 GB of heap carries the ingest
# load of docs/benchmarks.md ("Memory of the embedded default").
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError} -jar "$0" "$@"
