.PHONY: build run test clean text-model

# Debug build; installs the C libraries it links against first.
build:
	bash scripts/setup-system.sh
	swift build

# Demo data on the first run only, then the server on http://127.0.0.1:8080 (embedded SQLite).
run: build
	.build/debug/himaya demo --if-empty
	.build/debug/himaya serve

# Everything CI runs: Swift tests on SQLite and PostgreSQL, then the end-to-end tests.
test:
	bash scripts/test.sh

# Build outputs and test tools; the data of `make run` (data/) is kept.
clean:
	swift package clean
	rm -rf .build/screenshots .venv

# Retrains the shipped text model from the public data in ../shared/data (the evaluation sets'
# held-out half is left out), then measures it on that half.
text-model: build
	python3 scripts/text-training-data.py ../shared/data .tmp/text-train.jsonl
	.build/debug/himaya train --holdout train --output Sources/HimayaDetection/Models/text-model.bin .tmp/text-train.jsonl
	.build/debug/himaya eval --holdout held-out ../shared/data/text-eval/hatecheck-dev.csv
