#!/usr/bin/env bash
# Runs every benchmark and writes benchmarks/results.md: the per-span JMH tables (ns/op and B/op
# for each tracer, ratio to MockTracer, targets checked) and the reporter throughput table.
# About 15 minutes on 2 cores. Raw output (JMH JSON and log, throughput table) goes to
# benchmarks/target/results/.
#
# Usage: bash benchmarks/run.sh [extra JMH options, e.g. -p tracerName=jstverify,mock]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl benchmarks -am package -DskipTests
out=benchmarks/target/results
mkdir -p "$out"
load_before=$(uptime)

jmh=(java -jar benchmarks/target/benchmarks.jar TracerBenchmarks
  -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -rf json -rff "$out/jmh.json" "$@")
"${jmh[@]}" | tee "$out/jmh.log"

# Diagnostics: the tracer with a Reporter that discards, and with the reporter's queue alone
# (drained without writing JSON): what the queue and what the reporter thread cost the app.
diag=(java -jar benchmarks/target/benchmarks.jar
  'TracerBenchmarks.(startFinish|startWith3TagsFinish|startWith3TagsFinish_2threads|childOfActive)$'
  -p tracerName=jstverify-discard,jstverify-queue -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -rf json -rff "$out/jmh-diag.json")
"${diag[@]}" > "$out/jmh-diag.log"

# Floors: the clock and the benchmark's own header maps, which every tracer pays.
floors=(java -jar benchmarks/target/benchmarks.jar 'Floors' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
  -rf json -rff "$out/floors.json")
"${floors[@]}" > "$out/floors.log"

throughput=(java -cp benchmarks/target/benchmarks.jar com.jstverify.tracing.ReporterThroughput
  "$out/throughput.md")
"${throughput[@]}" 2> "$out/throughput.log"

load_after=$(uptime)
python3 benchmarks/results.py "$out/jmh.json" "$out/jmh.log" "$out/throughput.md" \
  "$load_before" "$load_after" "bash benchmarks/run.sh $*  # = ${jmh[*]}; ${diag[*]}; ${floors[*]}; ${throughput[*]}" \
  "$out/jmh-diag.json" "$out/floors.json" \
  > "$out/results.md"
mv "$out/results.md" benchmarks/results.md
echo "wrote benchmarks/results.md"
