#!/usr/bin/env python3
"""Writes a corpus of real posts for the text benchmark: every text of the public evaluation and
training sets in ../shared/data (Reddit and Gab posts of EDOS, tweets of MLMA in English, French
and Arabic, Telegram replies of ThreatGram, HateCheck's test sentences in eleven languages), one a
line, shuffled with a fixed seed so that languages mix as on a platform. The synthetic corpus of
gen_corpus.py draws on about 220 words; these posts show what real vocabularies cost.
Usage: real_posts.py DATA_DIR OUT_DIR"""
import csv, os, random, sys

data, out = sys.argv[1], sys.argv[2]
texts = []
def read(path, column):
    with open(os.path.join(data, path), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = " ".join(row[column].split())
            if text:
                texts.append(text)
read("text-train/edos.csv", "text")
for lang in ("en", "fr", "ar"):
    read(f"text-train/mlma-{lang}.csv", "tweet")
read("text-eval/threatgram-dev.csv", "text")
read("text-eval/hatecheck-dev.csv", "text")
random.Random(11).shuffle(texts)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "corpus.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(texts) + "\n")
print(f"{len(texts)} posts")
