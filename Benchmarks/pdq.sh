#!/usr/bin/env bash
# PDQ side by side with the reference tools, one core, in one run:
#   1. hashing decoded pixels: Himaya against the reference C++ (PyPI pdqhash) on the same PPMs;
#   2. whole files: JPEG bytes to hash, Himaya (libjpeg-turbo) against pdqhash fed by Pillow,
#      and what scaled JPEG decoding costs in bits;
#   3. matching at distance 31: Himaya's index (compact, a batch with each vector unit and one at a
#      time; with tables, one at a time) against FAISS flat and multi-hash on the same
#      random hashes and queries (1,000,000 and 10,000,000 stored).
#   bash Benchmarks/pdq.sh [sizes...]        (default sizes: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/pdq
[[ -d $data ]] || { echo "SKIPPED: $data is not present"; exit 0; }
sizes=("${@:-1000000 10000000}")
read -r -a sizes <<<"${sizes[*]}"

swift build -c release --scratch-path .build-release --product himaya-bench >/dev/null
bench=.build-release/release/himaya-bench
venv=.venv-bench
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv $venv
  $venv/bin/pip install -q numpy cython pillow faiss-cpu wheel setuptools
  $venv/bin/pip install -q --no-build-isolation pdqhash
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one_core="taskset -c 1"

echo "== hashing decoded pixels (hashes/s)"
for image in ref-bridge-1-original.ppm ref-square-256x256.ppm; do
  $one_core $bench hash "$data/ppm/$image"
  $one_core $venv/bin/python ../shared/bench/anchors_pdq.py hash "$data/ppm/$image"
done

echo "== whole JPEG files to hash (files/s)"
mkdir -p "$work/jpeg"
$bench encode "$work/jpeg" "$data"/ppm/ref-*.ppm "$data"/ppm/synth-1024x768-rings.ppm
$one_core $bench files "$work"/jpeg/*.jpg
HIMAYA_BENCH_SCALED=512 $one_core $bench files "$work"/jpeg/*.jpg
$one_core $venv/bin/python - "$work"/jpeg/*.jpg <<'PY'
import json, sys, time
import numpy as np, pdqhash
from PIL import Image
files = [open(p, "rb").read() for p in sys.argv[1:]]
import io
def one(b): return pdqhash.compute(np.asarray(Image.open(io.BytesIO(b)).convert("RGB")))
for b in files: one(b)
n, t = 0, time.perf_counter()
while n < max(30, len(files)): one(files[n % len(files)]); n += 1
print(json.dumps({"files": len(files), "pillow_pdqhash_files_per_s": round(n / (time.perf_counter() - t), 2)}))
PY
echo "== bits changed by scaled JPEG decoding (against the full-size decode)"
$bench scaled-cost "$work"/jpeg/ref-bridge-1-original.jpg "$work"/jpeg/synth-1024x768-rings.jpg

echo "== matching at distance 31"
for n in "${sizes[@]}"; do
  $one_core $bench match "$n" 1000 "$work"
  $one_core $venv/bin/python ../shared/bench/anchors_pdq.py match-file "$work/db.bin" "$work/queries.bin"
done
