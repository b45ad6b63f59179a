#!/usr/bin/env bash
# Installs what the build and the tests need, only when it is missing or at the wrong version.
# Sourced by scripts/serve.sh and scripts/test.sh; every function is idempotent and quick the second time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14" # 0.22 needs rustc >= 1.96.1 (stack.md §0)
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly (stack.md §2).
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_targets() {
  local installed
  installed="$(rustup target list --installed)"
  for t in wasm32-unknown-unknown x86_64-unknown-none; do
    grep -qx "$t" <<<"$installed" || { say "rustup target add $t"; rustup target add "$t"; }
  done
}

ensure_wasm_bindgen() {
  local want have=""
  want="$(locked_wasm_bindgen)"
  command -v wasm-bindgen >/dev/null && have="$(wasm-bindgen --version | awk '{print $2}')"
  if [ "$have" != "$want" ]; then
    # No --locked: its lockfile wants a webpki-roots the reachable index does not have (stack.md §0).
    say "cargo install wasm-bindgen-cli $want (have: ${have:-none})"
    cargo install -f wasm-bindgen-cli --version "$want"
  fi
}

ensure_trunk() {
  local have=""
  command -v trunk >/dev/null && have="$(trunk --version | awk '{print $2}')"
  if [ "$have" != "$TRUNK_VERSION" ]; then
    say "cargo install trunk $TRUNK_VERSION (have: ${have:-none}; takes ~12 min on 2 cores)"
    cargo install -f trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_npm_tools() {
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ]; then
    say "npm ci (binaryen for wasm-opt)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
    say "apt-get install chromium chromium-driver"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
  fi
}
