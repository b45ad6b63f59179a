#!/usr/bin/env bash
# `make test`: install what the tests need, then run every suite and end with one line `N passed, N failed`.
# Suites: fmt, clippy, native tests, the no_std build of the core, the wasm tests in headless Chromium, the
# release build (with its size), and an end-to-end browser test of the built dist/ served on loopback.
# A check that is not a test runner (fmt, clippy, builds) counts as one test.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
set +e
OUT="$ROOT/out"
mkdir -p "$OUT"
PASSED=0
FAILED=0
FAILED_SUITES=()

# Adds up cargo/libtest and wasm-bindgen-test closing lines: "test result: ok. 3 passed; 0 failed; …".
count_results() {
  local log="$1" p f
  p=$(grep -aoE 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{s+=$4} END {print s+0}')
  f=$(grep -aoE 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{s+=$6} END {print s+0}')
  echo "$p $f"
}

# suite NAME CMD…: runs a test runner; its counted results join the total. A runner that fails without
# reporting a failed test (a compile error, a crash) counts as one failure.
suite() {
  local name="$1"; shift
  local log="$OUT/$name.log"
  say "$name: $*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} p f
  read -r p f < <(count_results "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  [ "$rc" -eq 0 ] || FAILED_SUITES+=("$name")
}

# check NAME CMD…: a command that passes or fails as a whole.
check() {
  local name="$1"; shift
  say "$name: $*"
  if "$@" >"$OUT/$name.log" 2>&1; then
    PASSED=$((PASSED + 1)); echo "ok: $name"
  else
    FAILED=$((FAILED + 1)); FAILED_SUITES+=("$name"); echo "FAILED: $name"; tail -n 40 "$OUT/$name.log"
  fi
}

ensure_targets
ensure_wasm_bindgen
ensure_npm_tools
ensure_chromium
ensure_trunk

export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}

check fmt cargo fmt --all -- --check
check clippy cargo clippy --workspace --all-targets --exclude web -- -D warnings
check clippy-web cargo clippy -p web --target wasm32-unknown-unknown --all-targets -- -D warnings
# The release page builds without `inline-import` (it imports in a worker): lint that configuration too.
check clippy-web-release cargo clippy -p web --target wasm32-unknown-unknown --lib --bins --no-default-features -- -D warnings
suite native cargo test --workspace --exclude web --all-features --tests
check no-std cargo build -p vpc-core --target x86_64-unknown-none
suite browser-core cargo test -p vpcsim-tests --target wasm32-unknown-unknown --test browser
suite browser-web cargo test -p web --target wasm32-unknown-unknown --tests
check release bash scripts/build.sh
suite e2e python3 scripts/e2e.py --dist "$ROOT/dist" --out "$OUT"

# The page's wasm (web_bg.wasm) and the import worker's, fetched on the first import.
for wasm in dist/*.wasm; do
  [ -f "$wasm" ] || continue
  echo "release wasm: $(stat -c %s "$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped ($wasm)"
done
[ ${#FAILED_SUITES[@]} -eq 0 ] || echo "failed suites: ${FAILED_SUITES[*]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
