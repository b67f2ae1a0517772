"""The image commands as an analyst uses them: `himaya hash` prints `hash,quality,path` like the
reference's own hasher (with the eight turned and mirrored hashes on request), and `himaya match`
finds the images or hashes near a list, says why others were not matched, and keeps its progress
bar off standard output."""

import csv
import math
import pathlib
import subprocess

import pytest

from conftest import himaya_bin

SHARED_PDQ = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data" / "pdq"


def write_ppm(path, size=128, seed=1.0, patch=False, flat=False):
    """A photo-like picture of soft waves; `patch` paints a square over part of it, as an edit would."""
    pixels = bytearray()
    for y in range(size):
        for x in range(size):
            u, v = x / size, y / size
            value = 128 + 60 * math.sin(u * 9 * seed + v * 4) * math.cos(v * 7 - u * 2) + 60 * math.sin(u * 31) * math.sin(v * 23 + u * 5)
            if patch and 80 < x < 105 and 20 < y < 45:
                value = value * 0.8 + 40
            level = 128 if flat else max(0, min(255, int(value)))
            pixels += bytes([level, 255 - level, 90])
    path.write_bytes(b"P6\n%d %d\n255\n" % (size, size) + bytes(pixels))
    return path


def run(*arguments):
    return subprocess.run([himaya_bin(), *arguments], capture_output=True, text=True, timeout=120)


def hash_of(path):
    result = run("hash", str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(",")[0]


def test_hash_prints_hash_quality_and_path_and_with_dihedral_the_eight_variants_after_the_quality(tmp_path):
    image = write_ppm(tmp_path / "photo.ppm")
    plain = run("hash", str(image))
    assert plain.returncode == 0, plain.stderr
    hash_hex, quality, path = plain.stdout.strip().split(",")
    assert len(hash_hex) == 64 and int(hash_hex, 16) >= 0
    assert 50 <= int(quality) <= 100 and path == str(image)
    turned = run("hash", "--dihedral", str(image))
    fields = turned.stdout.strip().split(",")
    assert len(fields) == 2 + 8 + 1
    assert fields[0] == hash_hex and fields[1] == quality and fields[2] == hash_hex and fields[-1] == str(image)
    assert len(set(fields[2:10])) > 1, "the turned and mirrored hashes differ from one another"


@pytest.mark.skipif(not SHARED_PDQ.is_dir(), reason="SKIPPED: ../shared/data/pdq is not present")
def test_hash_of_every_reference_image_is_the_reference_hash_quality_and_eight_variants():
    result = run("hash", "--dihedral", str(SHARED_PDQ / "ppm"))
    assert result.returncode == 0, result.stderr
    printed = {pathlib.Path(line.split(",")[-1]).name: line.split(",")[:-1] for line in result.stdout.splitlines()}
    with open(SHARED_PDQ / "expected-hashes.csv", newline="") as f:
        expected = list(csv.DictReader(f))
    assert len(expected) > 10
    for row in expected:
        fields = printed[row["file"]]
        assert int(fields[1]) == int(row["quality"]), row["file"]
        if row["file"] == "synth-80x80-flat.ppm":  # quality 0: its bits are noise (see the data's README)
            continue
        variants = [row[k] for k in ("dih_original", "dih_rotate90", "dih_rotate180", "dih_rotate270",
                                     "dih_flipx", "dih_flipy", "dih_flipplus1", "dih_flipminus1")]
        assert fields[0] == row["pdq_hash"] and fields[2:] == variants, row["file"]


def test_match_finds_the_listed_picture_and_its_edit_says_why_others_are_not_matched_and_keeps_stdout_clean(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    photo = write_ppm(folder / "a-photo.ppm")
    edited = write_ppm(folder / "b-edited.ppm", patch=True)
    write_ppm(folder / "c-other.ppm", seed=3.0)
    write_ppm(folder / "d-flat.ppm", flat=True)
    (folder / "e-broken.ppm").write_bytes(b"P6\n128 128\n255\n" + bytes(100))
    listed = hash_of(photo)
    (tmp_path / "list.txt").write_text(listed + "\n")

    result = run("match", "--list", str(tmp_path / "list.txt"), str(folder))
    assert result.returncode == 2, "a file that could not be read makes the run fail"
    lines = [line.split(",") for line in result.stdout.splitlines()]
    assert [pathlib.Path(fields[0]).name for fields in lines] == ["a-photo.ppm", "b-edited.ppm"]
    assert all(len(fields) == 5 and fields[3] == listed for fields in lines)
    assert lines[0][4] == "0" and 0 < int(lines[1][4]) <= 31
    assert "d-flat.ppm: not matched: quality" in result.stderr and "under 50" in result.stderr
    assert "e-broken.ppm" in result.stderr
    assert "\r" not in result.stdout and "%" not in result.stdout


def test_match_answers_every_hash_of_a_long_file_in_order_and_names_a_bad_line(tmp_path):
    # More hashes than one lookup pass takes, so answers must come back in the order asked.
    near = [hash_of(write_ppm(tmp_path / f"p{i}.ppm", seed=1.0 + i)) for i in range(3)]
    (tmp_path / "list.txt").write_text("\n".join(near) + "\n")
    far = "0" * 64
    lines = [far] * 600
    lines[0], lines[299], lines[599] = near[0], near[1], near[2]
    lines[450] = "not-a-hash"
    (tmp_path / "queries.txt").write_text("\n".join(lines) + "\n")

    result = run("match", "--hashes", "--list", str(tmp_path / "list.txt"), str(tmp_path / "queries.txt"))
    assert result.returncode == 2
    assert "queries.txt:451: not a PDQ hash" in result.stderr
    found = [line.split(",") for line in result.stdout.splitlines()]
    assert [fields[0].rsplit(":", 1)[1] for fields in found] == ["1", "300", "600"]
    assert [fields[3] for fields in found] == near and all(fields[4] == "0" for fields in found)
