#!/usr/bin/env bash
# `make build`: the release build of the web app into dist/ (wasm-opt -Oz through npm binaryen).
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_targets
ensure_wasm_bindgen
ensure_trunk
ensure_npm_tools
trunk build --release
