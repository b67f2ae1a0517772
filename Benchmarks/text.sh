#!/usr/bin/env bash
# The text scan side by side with the anchors, one core, in one run, on the inputs of
# ../shared/bench/gen_corpus.py (1,000,000 posts in four languages, 403,000 patterns):
#   1. Rust aho-corasick and Hyperscan matching every pattern (../shared/bench/anchors_text.py);
#   2. Himaya: building the word automaton for the same patterns, folding the text, matching
#      alone, and the whole scan (fold, match names, every lexicon and detector, the model),
#      with the peak memory of the process.
#   3. the same whole scan on real posts (Benchmarks/real_posts.py: the public evaluation and
#      training sets of ../shared/data, about 62,000 posts), whose vocabulary is real, unlike the
#      synthetic corpus's 220 words, and most of which attack someone.
#   bash Benchmarks/text.sh [POSTS]      (default: all 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=../shared/bench
[[ -d $bench_dir ]] || { echo "SKIPPED: $bench_dir is not present"; exit 0; }
inputs=.tmp/textbench
if [[ ! -f $inputs/corpus.txt ]]; then
  mkdir -p $inputs
  python3 $bench_dir/gen_corpus.py $inputs
fi
venv=.venv-text
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv $venv
  $venv/bin/pip install -q ahocorasick-rs hyperscan
fi
swift build -c release --scratch-path .build-release --product himaya-bench >/dev/null
one_core="taskset -c 1"
echo "== anchors: aho-corasick and Hyperscan"
$one_core $venv/bin/python $bench_dir/anchors_text.py $inputs
echo "== himaya"
$one_core .build-release/release/himaya-bench text $inputs ${1:-}
real=.tmp/realposts
if [[ -d ../shared/data/text-train && ! -f $real/corpus.txt ]]; then
  python3 Benchmarks/real_posts.py ../shared/data $real
fi
if [[ -f $real/corpus.txt ]]; then
  ln -sf "$(pwd)/$inputs/patterns.txt" $real/patterns.txt
  echo "== himaya on real posts"
  $one_core .build-release/release/himaya-bench text $real
fi
