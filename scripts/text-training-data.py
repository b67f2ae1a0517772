#!/usr/bin/env python3
"""Gathers the public training material for the text model into one JSON Lines file with the
columns himaya train reads (text, label, lang, and id for rows of the evaluation sets, so that
`--holdout train` leaves their held-out half alone).
Usage: text-training-data.py DATA_DIR OUT.jsonl   (DATA_DIR is ../shared/data)"""
import csv, json, os, sys

data, out_path = sys.argv[1], sys.argv[2]
rows = []

def add(text, label, lang, row_id=None):
    if not text or label not in ("threat", "abuse", "none"):
        return
    row = {"text": text, "label": label, "lang": lang}
    if row_id:
        row["id"] = row_id
    rows.append(row)

with open(os.path.join(data, "text-eval", "hatecheck-dev.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f):
        add(r["text"], r["label"], r["lang"], r["id"])
with open(os.path.join(data, "text-eval", "threatgram-dev.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f):
        add(r["text"], r["label"], "en", r["id"])
# EDOS: category 1 is "threats, plans to harm and incitement"; other sexist posts are abuse.
with open(os.path.join(data, "text-train", "edos.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f):
        vector = r["label_vector"]
        label = "threat" if vector.startswith("1.") else ("none" if r["label_sexist"] == "not sexist" else "abuse")
        add(r["text"], label, "en")
# MLMA: hostility types; "normal" alone is none, mixed with normal is unclear and left out.
for lang in ("en", "fr", "ar"):
    with open(os.path.join(data, "text-train", f"mlma-{lang}.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            kinds = set(r["sentiment"].split("_"))
            if kinds == {"normal"}:
                add(r["tweet"], "none", lang)
            elif "normal" not in kinds:
                add(r["tweet"], "abuse", lang)

with open(out_path, "w", encoding="utf-8") as out:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(rows)} rows", file=sys.stderr)
