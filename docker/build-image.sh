#!/usr/bin/env bash
# Builds the fakemail/fakemail image; run by the Maven build (docker/pom.xml, pre-integration-test)
# with the build context it prepared (Dockerfile, healthcheck.sh, fakemail-standalone.jar).
#
#   --context=DIR      the build context
#   --image=NAME       tagged NAME:VERSION and NAME:latest
#   --version=VERSION
#   --base-image=IMAGE the FROM image (empty: $FAKEMAIL_DOCKER_BASE_IMAGE, else the Dockerfile's default)
#   --required=BOOL    true (or FAKEMAIL_REQUIRE_DOCKER=1): no Docker engine is an error
#   --variant=NAME     default: Dockerfile on the base image; jlink: Dockerfile.jlink first makes
#                      a base with a jlink-ed runtime (tagged NAME-jlink-base:VERSION), then
#                      Dockerfile builds on it (--base-image is then not used)
#   --jdk-image=IMAGE  jlink variant: the JDK image it runs jdeps and jlink in (empty:
#                      $FAKEMAIL_DOCKER_JDK_IMAGE, else Dockerfile.jlink's default)
#
# Without a Docker engine (`docker info` fails) it prints why and exits 0, and the container ITs
# are skipped, unless a Docker engine is required.
set -euo pipefail
context='' image='' version='' base='' required=false variant=default jdk=''
for arg in "$@"; do
  case $arg in
    --context=*) context=${arg#*=} ;;
    --image=*) image=${arg#*=} ;;
    --version=*) version=${arg#*=} ;;
    --base-image=*) base=${arg#*=} ;;
    --required=*) required=${arg#*=} ;;
    --variant=*) variant=${arg#*=} ;;
    --jdk-image=*) jdk=${arg#*=} ;;
    *) echo "build-image.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
: "${context:?--context is required}" "${image:?--image is required}" "${version:?--version is required}"
base=${base:-${FAKEMAIL_DOCKER_BASE_IMAGE:-}}
jdk=${jdk:-${FAKEMAIL_DOCKER_JDK_IMAGE:-}}
case $variant in
  default | jlink) ;;
  *) echo "[fakemail-docker] ERROR: unknown variant '$variant': default or jlink" >&2; exit 2 ;;
esac
if [[ ${FAKEMAIL_REQUIRE_DOCKER:-} == 1 ]]; then required=true; fi

if ! command -v docker >/dev/null 2>&1 || ! info=$(docker info --format '{{.ServerVersion}}' 2>&1); then
  reason=${info:-the docker command is not installed}
  if [[ $required == true ]]; then
    echo "[fakemail-docker] ERROR: a Docker engine is required (FAKEMAIL_REQUIRE_DOCKER=1 or -Dfakemail.docker.required=true) but docker info failed: ${reason//$'\n'/ }" >&2
    exit 1
  fi
  echo "[fakemail-docker] No Docker engine (docker info failed: ${reason//$'\n'/ })."
  echo "[fakemail-docker] SKIPPED: image $image:$version not built; the container ITs are skipped too."
  echo "[fakemail-docker] Start Docker to build and test the image, or set -Dfakemail.docker.skip=true to silence this."
  exit 0
fi

if [[ ! -f $context/fakemail-standalone.jar ]]; then
  echo "[fakemail-docker] ERROR: $context/fakemail-standalone.jar is missing: build fake-server in the same run (mvn -pl docker -am verify, or the whole build)." >&2
  exit 1
fi
build_args=(--build-arg "FAKEMAIL_VERSION=$version")
if [[ $variant == jlink ]]; then
  base=$image-jlink-base:$version
  jlink_args=()
  if [[ -n $jdk ]]; then jlink_args+=(--build-arg "JDK_IMAGE=$jdk"); fi
  echo "[fakemail-docker] Docker $info: building the jlink-ed base $base from ${jdk:-the default JDK image of Dockerfile.jlink}"
  if ! docker build --quiet "${jlink_args[@]}" -t "$base" -f "$context/Dockerfile.jlink" "$context"; then
    echo "[fakemail-docker] ERROR: docker build of the jlink-ed base failed. Without access to a registry, give a local JDK image:" \
      "-Dfakemail.docker.jdkImage=IMAGE or FAKEMAIL_DOCKER_JDK_IMAGE=IMAGE (a Java 17 JDK with jmods, bash and useradd; docker/local-jdk-image.sh makes one)." >&2
    exit 1
  fi
fi
if [[ -n $base ]]; then build_args+=(--build-arg "BASE_IMAGE=$base"); fi
echo "[fakemail-docker] Docker $info: building $image:$version and $image:latest ($variant variant) from ${base:-the default base of the Dockerfile}"
if ! docker build --quiet "${build_args[@]}" -t "$image:$version" -t "$image:latest" -f "$context/Dockerfile" "$context"; then
  echo "[fakemail-docker] ERROR: docker build failed. Without access to a registry, build on a local JRE image:" \
    "-Dfakemail.docker.baseImage=IMAGE or FAKEMAIL_DOCKER_BASE_IMAGE=IMAGE (an image with Java 17+, bash and useradd)." >&2
  exit 1
fi
docker image ls --format "[fakemail-docker] {{.Repository}}:{{.Tag}} {{.Size}}" "$image:$version"
