#!/usr/bin/env bash
# Sets up a fresh machine for Threadline: Debian packages (Chromium for browser-mode tests, poppler for
# report checks, strace and iproute2 for the reliability proof's offline run), npm dependencies (Electron's binary download skipped: it cannot be fetched offline), build.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
# The reliability proof's offline run counts packets in a network namespace (ip) and traces connect/sendto (strace).
command -v strace >/dev/null 2>&1 || need_apt+=(strace)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fonts-noto-core fonts-noto-cjk >/dev/null
  else
    echo "setup: WARNING: missing ${need_apt[*]} and not root; browser-mode tests, PDF checks and parts of the reliability proof will be skipped or fail." >&2
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
npm run build --silent
