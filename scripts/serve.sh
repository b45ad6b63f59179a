#!/usr/bin/env bash
# `make serve`: install what is missing, then serve the app on http://127.0.0.1:8080 with live reload.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_targets
ensure_wasm_bindgen
ensure_trunk
ensure_npm_tools
exec trunk serve --address 127.0.0.1 --port 8080
