#!/usr/bin/env bash
# Makes a Java 17 JDK image without a registry, for the jlink variant of the image
# (-Dfakemail.docker.variant=jlink -Dfakemail.docker.jdkImage=local/jdk17:latest): the local JRE
# base image (default local/jre17:latest, built by the machine's container-setup.sh from this
# machine's JDK 17) plus that JDK's jmods, jlink and jdeps. Idempotent; FORCE=1 rebuilds.
#
#   docker/local-jdk-image.sh [TAG] [JRE_IMAGE] [JDK_HOME]
set -euo pipefail
tag=${1:-local/jdk17:latest}
jre=${2:-local/jre17:latest}
jdk=${3:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")}
if [[ ${FORCE:-0} != 1 ]] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "[fakemail-docker] $tag present"
  exit 0
fi
release=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jdk/release")
if [[ $release != 17* || ! -d $jdk/jmods ]]; then
  echo "[fakemail-docker] ERROR: $jdk is not a JDK 17 with jmods (JAVA_VERSION=$release)" >&2
  exit 1
fi
if [[ $(docker run --rm "$jre" java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p') != "$release" ]]; then
  echo "[fakemail-docker] ERROR: $jre does not run Java $release, the version of the jmods in $jdk" >&2
  exit 1
fi
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp -rL "$jdk/jmods" "$context/"
cp -L "$jdk/bin/jlink" "$jdk/bin/jdeps" "$context/"
printf 'FROM %s\nCOPY jmods /opt/java/openjdk/jmods\nCOPY jlink jdeps /opt/java/openjdk/bin/\n' "$jre" >"$context/Dockerfile"
docker build --quiet -t "$tag" "$context" >/dev/null
echo "[fakemail-docker] $tag: $jre with the jmods, jlink and jdeps of $jdk ($release)"
