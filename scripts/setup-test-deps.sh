#!/usr/bin/env bash
# Installs what the test suite needs outside Python, idempotently:
#   - Debian's chromium (headless browser tests of the HTML views)
#   - fonts-noto-cjk (Chinese glyphs in views, charts and screenshots)
#   - node packages for Neo4j's Cypher linter (tests/cypher_lint/node_modules)
# Needs root or sudo for apt-get on first run; afterwards it does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; }; then
  need_apt+=(fonts-noto-cjk fontconfig)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup-test-deps: need root (or sudo) to apt-get install ${need_apt[*]}" >&2; exit 1
    fi
  fi
  echo "setup-test-deps: installing ${need_apt[*]} (Debian packages, once)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f tests/cypher_lint/package.json ]; then
  if ! command -v node >/dev/null 2>&1; then
    echo "setup-test-deps: node is required for the Cypher linter (apt-get install nodejs npm)" >&2; exit 1
  fi
  if [ ! -d tests/cypher_lint/node_modules ] || [ tests/cypher_lint/package-lock.json -nt tests/cypher_lint/node_modules ]; then
    echo "setup-test-deps: installing the Cypher linter (npm ci)" >&2
    (cd tests/cypher_lint && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
