#!/usr/bin/env bash
# Build machines without access to mcr.microsoft.com: makes a stand-in for Microsoft's
# runtime-deps:10.0 image from Debian packages and serves it from a local registry, so that
# `dotnet publish /t:PublishContainer` can build on it. Users' machines never need this.
#   deploy/build/standin-base.sh            -> prints the base image reference to pass as ContainerBaseImage
# Needs root, debootstrap, podman and docker-registry (see .ci/install-containers).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/podman.conf}"
registry="${TWEETPLATFORM_REGISTRY:-localhost:5000}"
image="$registry/dotnet/runtime-deps:10.0-bookworm"
state="${TWEETPLATFORM_BUILD_STATE:-/var/tmp/tweetplatform-build}"
mkdir -p "$state"

# A registry on localhost (plain HTTP there needs no insecure-registry setting), started once.
if ! curl -fsS "http://$registry/v2/" >/dev/null 2>&1; then
  cat > "$state/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $state/registry
http:
  addr: $registry
YAML
  nohup docker-registry serve "$state/registry.yml" > "$state/registry.log" 2>&1 &
  echo $! > "$state/registry.pid"
  for _ in $(seq 50); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
fi

if ! curl -fsS "http://$registry/v2/dotnet/runtime-deps/manifests/10.0-bookworm" \
     -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
     -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
  mirror="$(grep -rhoE 'http[s]?://deb.debian.org/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -1 || true)"
  root="$state/rootfs"
  rm -rf "$root"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,libstdc++6,libgcc-s1,curl \
    bookworm "$root" "${mirror:-http://deb.debian.org/debian}" > "$state/debootstrap.log" 2>&1
  # The user Microsoft's images run as.
  chroot "$root" groupadd --gid 1654 app
  chroot "$root" useradd --uid 1654 --gid 1654 --no-create-home --shell /bin/false app
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | podman import --change 'ENV APP_UID=1654' --change 'ENV ASPNETCORE_HTTP_PORTS=8080' - "$image" >/dev/null
  podman push --tls-verify=false "$image" > "$state/push.log" 2>&1 || { cat "$state/push.log" >&2; exit 1; }
  # The SDK takes it from the registry: no copy needs to stay in local storage.
  podman rmi "$image" >/dev/null 2>&1 || true
  rm -rf "$root"
fi
echo "$image"
