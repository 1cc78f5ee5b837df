#!/usr/bin/env bash
# Runs every test: the SPA's unit tests (Vitest) and the .NET suite (unit, integration against the
# embedded Kafka broker, multi-process end-to-end, tracing, and browser tests in Debian's Chromium).
# Installs Chromium, podman and kubectl when they are missing (needs root or sudo). Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

if [ -z "${TWEETPLATFORM_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Browser tests need Chromium: install the 'chromium' package (or set TWEETPLATFORM_CHROMIUM)." >&2; exit 1
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null || {
    echo "Could not install chromium." >&2; exit 1; }
fi

# The deployment tests build and run the images with podman (deploy/build) and render the manifests with kubectl.
missing=""
for tool in podman:podman runc:runc netavark:/usr/lib/podman/netavark aardvark-dns:/usr/lib/podman/aardvark-dns \
            catatonit:catatonit iptables:iptables debootstrap:debootstrap docker-registry:docker-registry kubectl:kubectl; do
  command -v "${tool#*:}" >/dev/null 2>&1 || [ -x "${tool#*:}" ] || missing="$missing ${tool%%:*}"
done
if [ -n "$missing" ]; then
  echo "==> Installing the container tools for the deployment tests:$missing"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "The deployment tests need:$missing (Debian packages)." >&2; exit 1
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "Could not install:$missing" >&2; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> web: npm ci && npm test"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm test) 2>&1 | tee -a "$log"
web_status=${PIPESTATUS[0]}

echo "==> dotnet test TweetPlatform.CI.slnf"
dotnet test TweetPlatform.CI.slnf --blame-hang-timeout 10m 2>&1 | tee -a "$log"
dotnet_status=${PIPESTATUS[0]}

# One closing line over both runners (Vitest: "Tests  58 passed (58)"; dotnet: "Passed!  - Failed: 0, Passed: 151, ...").
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^ *Tests +[0-9]/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
  /(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d passed, %d failed, %d skipped", p, f, s }')
echo
echo "$summary"
if [ "$web_status" -ne 0 ] || [ "$dotnet_status" -ne 0 ]; then exit 1; fi
case "$summary" in 0\ passed*) echo "No test ran." >&2; exit 1;; esac
