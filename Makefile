# Two commands (README "Quick start"): `make serve` and `make test`.
.PHONY: serve test build bench
serve:
	@bash scripts/serve.sh
test:
	@bash scripts/test.sh
build:
	@bash scripts/build.sh
bench:
	cargo bench -p vpc-core
