#!/usr/bin/env bash
# Start-to-ready of the image: the wall time from `docker run -d` until GET /readyz on the published
# HTTP port answers 200, N times (default 10), then the median; also the server's own "ready in"
# (JVM start to ready line). Usage: docker/measure-startup.sh [IMAGE] [N] [JAVA_OPTS]
# (JAVA_OPTS, when given, replaces all of the image's JVM flags, JAVA_BASE_OPTS and JAVA_OPTS, to compare them.)
set -euo pipefail
image=${1:-fakemail/fakemail:latest}
n=${2:-10}
opts=()
if [[ $# -ge 3 ]]; then opts=(-e "JAVA_BASE_OPTS=" -e "JAVA_OPTS=$3"); fi
walls=() ; selfs=()
for ((i = 0; i < n; i++)); do
  t0=$(date +%s%N)
  id=$(docker run -d --rm -p 127.0.0.1::8025 "${opts[@]}" "$image")
  port=$(docker port "$id" 8025/tcp | head -n1 | sed 's/.*://')
  for ((j = 0; j < 3000; j++)); do   # at most ~30 s
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then break; fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  walls+=($(((t1 - t0) / 1000000)))
  selfs+=("$(docker logs "$id" 2>&1 | sed -n 's/.* ready in \([0-9]*\) ms.*/\1/p')")
  docker stop -t 5 "$id" >/dev/null
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
echo "run to /readyz 200 (ms): ${walls[*]}  median $(median "${walls[@]}")"
echo "server's ready in (ms):  ${selfs[*]}  median $(median "${selfs[@]}")"
