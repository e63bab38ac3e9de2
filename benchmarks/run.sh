#!/usr/bin/env bash
# Runs every FakeMail-vs-GreenMail benchmark in one go and writes
# benchmarks/results/latest.md (the table) and benchmarks/results/latest.json.
#
#   ./benchmarks/run.sh              # the full run (~8.5 min on a quiet 2-core machine)
#   ./benchmarks/run.sh --quick      # smoke test of the harness, figures not comparable
#   ./benchmarks/run.sh --only intake,latency   # writes benchmarks/results/intake-latency/latest.*
#   ./benchmarks/run.sh --profile    # + JFR of every FakeMail child, summaries in results/profiles/
#
# Needs a JDK 17+ and Maven. Installs Debian's postfix (for smtp-sink, the throughput anchor) only
# if smtp-sink is missing and this runs as root with apt-get; otherwise the smtp-sink columns say n/a.
set -euo pipefail

cd "$(dirname "$0")/.."
started=$(date +%s)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

have_sink() { [ -x /usr/sbin/smtp-sink ] || command -v smtp-sink >/dev/null 2>&1; }

if ! have_sink; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's postfix for smtp-sink (no mail daemon is configured or started)" >&2
    # "No configuration": the package installs its programs but no main.cf, so nothing is started.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections || true
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq --no-install-recommends postfix >/tmp/fakemail-bench-postfix.log 2>&1; then
      apt-get update -qq >>/tmp/fakemail-bench-postfix.log 2>&1 || true
      apt-get install -y -qq --no-install-recommends postfix >>/tmp/fakemail-bench-postfix.log 2>&1 \
        || echo "== could not install postfix (see /tmp/fakemail-bench-postfix.log): smtp-sink rows n/a" >&2
    fi
    # Never leave a Postfix daemon running on the benchmark machine.
    if command -v postfix >/dev/null 2>&1 && postfix status >/dev/null 2>&1; then
      postfix stop >/dev/null 2>&1 || true
    fi
  else
    echo "== smtp-sink missing and cannot install postfix here: smtp-sink rows n/a" >&2
  fi
fi

echo "== building (mvn -Pbenchmarks -pl benchmarks -am package)" >&2
build_start=$(date +%s)
mvn -B -q -Pbenchmarks -pl benchmarks -am -DskipTests package
build_seconds=$(( $(date +%s) - build_start ))

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- fake-server benchmarks/src pom.xml 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi

status=0
"$JAVA" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.fakemail.bench.BenchmarkRunner \
  --out benchmarks/results --readme benchmarks/README.md \
  --build-seconds "$build_seconds" --commit "$commit" "$@" || status=$?

echo "== total wall time: $(( $(date +%s) - started )) s (exit $status)" >&2
exit $status
