#!/usr/bin/env bash
# Builds every TweetPlatform image with the .NET SDK's container support (no Dockerfile).
#   deploy/build-images.sh                      # into the local Docker (or podman: LOCAL_REGISTRY=Podman)
#   REGISTRY=ghcr.io/acme deploy/build-images.sh   # pushed to a registry (log in first)
# Settings (environment): REGISTRY, LOCAL_REGISTRY (Docker|Podman), TAG (default: <version>-<git sha> and <version>),
# BASE_IMAGE (default: Microsoft's runtime-deps:10.0; build machines pass deploy/build/standin-base.sh's).
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(dotnet msbuild services/Ingest/TweetPlatform.Ingest.csproj -getProperty:Version 2>/dev/null || echo 1.0.0)"
sha="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
tag="${TAG:-$version-$sha}"
tags="${TAG:-$tag;$version}"

args=(-c Release -r linux-x64 --self-contained -t:PublishContainer "-p:ContainerImageTags=\"$tags\""
      -p:SourceRevisionId="$sha" -nologo -v:m)
if [[ -n "${REGISTRY:-}" ]]; then
  args+=("-p:ContainerRegistry=$REGISTRY")
else
  args+=("-p:LocalRegistry=${LOCAL_REGISTRY:-Docker}")
fi
if [[ -n "${BASE_IMAGE:-}" ]]; then
  args+=("-p:ContainerBaseImage=$BASE_IMAGE")
fi

projects=(
  services/Ingest services/PushGateway services/LikeTracking services/Analytics gateway
  tools/Simulator tools/DevKafka
)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for project in "${projects[@]}"; do
  started=$SECONDS
  if ! dotnet publish "$project" "${args[@]}" > "$log" 2>&1; then
    cat "$log" >&2
    echo "building the image of $project failed" >&2
    exit 1
  fi
  echo "$project: $(grep -o "Pushed image.*" "$log" | head -1) in $((SECONDS - started)) s"
done
echo "tag: $tag"
