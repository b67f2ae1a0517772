"""The text evaluation command as a lexicon author uses it: figures per language and label, and
the rows read wrongly written out to a file of their own."""

import csv
import json
import subprocess

from conftest import himaya_bin

ROWS = [
    ("en", "t1", "threat_dir_h", "threat", "I will kill you and your family, journalist."),
    ("en", "t2", "threat_dir_h", "threat", "The weather is lovely, nothing here reads as a threat."),
    ("en", "n1", "ident_neutral_nh", "none", "We met the lawyers at the library, said \"hello\", and left."),
]


def write_rows(path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["lang", "id", "functionality", "label", "text"])
        writer.writerows(ROWS)


def test_eval_gives_figures_as_json_and_writes_the_rows_it_read_wrongly(tmp_path):
    rows, mistakes = tmp_path / "rows.csv", tmp_path / "mistakes.csv"
    write_rows(rows)
    result = subprocess.run(
        [himaya_bin(), "eval", "--json", "--mistakes", str(mistakes), str(rows)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["languages"]["en"]["threat"]
    assert figures["rows"] == 2 and figures["recall"] == 0.5
    with open(mistakes, newline="", encoding="utf-8") as f:
        wrong = list(csv.DictReader(f))
    assert [row["id"] for row in wrong] == ["t2"]
    assert wrong[0]["predicted"] == "" and wrong[0]["text"] == ROWS[1][4]


def test_eval_names_the_entries_that_context_cleared_on_a_missed_row(tmp_path):
    rows, mistakes = tmp_path / "rows.csv", tmp_path / "mistakes.csv"
    with open(rows, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["lang", "id", "label", "text"])
        writer.writerow(["en", "c1", "threat", "I would never kill you."])
    result = subprocess.run(
        [himaya_bin(), "eval", "--rules-only", "--mistakes", str(mistakes), str(rows)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with open(mistakes, newline="", encoding="utf-8") as f:
        wrong = list(csv.DictReader(f))
    assert [row["id"] for row in wrong] == ["c1"]
    assert "en.threat.kill-you by negation" in wrong[0]["cleared"]


def test_eval_refuses_a_mistakes_file_it_cannot_write(tmp_path):
    rows = tmp_path / "rows.csv"
    write_rows(rows)
    result = subprocess.run(
        [himaya_bin(), "eval", "--mistakes", str(tmp_path / "missing" / "out.csv"), str(rows)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "out.csv" in result.stderr


def test_eval_leaves_out_the_functionalities_it_is_told_to(tmp_path):
    rows = tmp_path / "rows.csv"
    write_rows(rows)
    result = subprocess.run(
        [himaya_bin(), "eval", "--json", "--without-functionality", "ident_neutral_nh", str(rows)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ident_neutral_nh" not in json.loads(result.stdout)["functionalities"]
    assert json.loads(result.stdout)["languages"]["en"]["threat"]["rows"] == 2
