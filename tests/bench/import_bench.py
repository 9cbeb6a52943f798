"""Import speed against a bare Pillow pipeline doing the same image work (issue 2).

Run: `make bench` or `.venv/bin/python tests/bench/import_bench.py [--rss]`.
Prints ms/photo for the journal's import (1 and 2 workers), the bare pipeline, and
vipsthumbnail when installed, then the ratios against the targets:
  import <= 1.25x the bare pipeline; 2 workers >= 1.8x faster than 1.
With --rss it also imports 200 x 12 MP photos in a CLI subprocess and reports its peak RSS
(target <= 400 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image

from journal.core import imaging
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from tests.bench.common import SIZES, photographic, save_photo, variants, verdict

COUNTS = {"12MP": 24, "48MP": 10}


def bare_pipeline(path: Path, out_dir: Path) -> None:
    """The same image work as import, with no copy and no database: hash, draft decode,
    ~2048 px preview and 512 px thumbnail (both upright), both saved as JPEG."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as im:
        orientation = im.getexif().get(0x0112, 1)
        w, h = im.size
        factor = imaging.PREVIEW_MIN / max(w, h)
        im.draft("RGB", (int(w * factor) + 1, int(h * factor) + 1))
        im.load()
        preview = im
        if max(preview.size) > imaging.PREVIEW_SIZE:
            preview.thumbnail((imaging.PREVIEW_SIZE,) * 2, Image.Resampling.BICUBIC, reducing_gap=None)
        preview = imaging.make_upright(preview, orientation)
    preview.save(out_dir / f"{digest}-p.jpg", "JPEG", quality=86)
    # 512 px thumbnail from the preview: integer box reduce, then bicubic.
    scale = max(preview.size) / imaging.THUMB_SIZE
    target = (round(preview.width / scale), round(preview.height / scale))
    small = (
        preview.reduce(int(scale / imaging.THUMB_REDUCING_GAP))
        if scale >= 2 * imaging.THUMB_REDUCING_GAP
        else preview
    )
    thumb = small.resize(target, Image.Resampling.BICUBIC)
    thumb.save(out_dir / f"{digest}-t.jpg", "JPEG", quality=82)


def run_pool(action, items, workers: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(action, items))
    return time.perf_counter() - start


def journal_import(files: list[Path], scratch: Path, workers: int, tag: str) -> float:
    journal = Journal.create(
        scratch / f"journal-{tag}", JournalSettings(name="bench"), scratch / f"cache-{tag}"
    )
    session = journal.add_session(__import__("datetime").date(2026, 11, 25))
    try:

        def one(path: Path) -> None:
            result = journal.import_file(path, session.id, Angle.FRONT)
            assert result.ok, result.line()

        return run_pool(one, files, workers)
    finally:
        journal.close()


def bare(files: list[Path], scratch: Path, workers: int, tag: str) -> float:
    out = scratch / f"bare-{tag}"
    out.mkdir()
    return run_pool(lambda p: bare_pipeline(p, out), files, workers)


def vips(files: list[Path], scratch: Path) -> float | None:
    tool = shutil.which("vipsthumbnail")
    if tool is None:
        return None
    out = scratch / "vips"
    out.mkdir()
    start = time.perf_counter()
    for path in files:
        subprocess.run([tool, "-s", "512", "-o", str(out / "%s.jpg"), str(path)], check=True)
    return time.perf_counter() - start


def measure_rss(scratch: Path, base: Path) -> float:
    """Peak RSS of a CLI import of 200 x 12 MP photos, as the child itself saw it.

    The child reads VmHWM from /proc/self/status: ru_maxrss of a forked child would count the
    pages it briefly shared with this (large) benchmark process before exec.
    """
    files = variants(base, scratch / "rss-src", 200)
    folder = scratch / "rss-journal"
    env = dict(
        os.environ,
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
        PROGRESS_JOURNAL_CACHE=str(scratch / "rss-cache"),
    )
    subprocess.run(
        [sys.executable, "-m", "journal", "--journal", str(folder), "init"],
        check=True,
        env=env,
        capture_output=True,
    )
    wrapper = (
        "import sys\n"
        "from journal.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print('PEAK_KB', peak, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            wrapper,
            "--journal",
            str(folder),
            "import",
            "--date",
            "2026-11-25",
            *map(str, files),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-400:]
    peak_kb = int(done.stderr.split("PEAK_KB")[1].split()[0])
    return peak_kb / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rss", action="store_true", help="also measure peak RSS over 200 x 12 MP")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="pj-import-bench-", dir=os.environ.get("BENCH_TMP")))
    try:
        print(f"generating photos in {scratch} ...", flush=True)
        bases = {}
        for label, size in SIZES.items():
            image = photographic(size, seed=len(label))
            bases[label] = save_photo(scratch / f"{label}.jpg", image)
            bases[f"{label}-o6"] = save_photo(
                scratch / f"{label}-o6.jpg", image.transpose(Image.Transpose.ROTATE_90), 6
            )
            print(f"  {label}: {bases[label].stat().st_size / 1e6:.2f} MB", flush=True)

        results: dict[str, dict[str, float]] = {}
        for label in SIZES:
            count = COUNTS[label]
            half = count // 2
            rows = {"import-1": [], "import-2": [], "bare-1": [], "bare-2": []}  # type: dict[str, list[float]]
            for round_ in range(args.rounds):
                # Fresh file names each round so nothing is a duplicate; the page cache is warm for all.
                files = variants(bases[label], scratch / f"src-{label}-{round_}", half)
                files += variants(bases[f"{label}-o6"], scratch / f"src-{label}-{round_}", count - half)
                tag = f"{label}-{round_}"
                rows["bare-1"].append(bare(files, scratch, 1, tag + "-1") / count)
                rows["import-1"].append(journal_import(files, scratch, 1, tag + "-1") / count)
                rows["bare-2"].append(bare(files, scratch, 2, tag + "-2") / count)
                rows["import-2"].append(journal_import(files, scratch, 2, tag + "-2") / count)
            results[label] = {k: statistics.median(v) * 1000 for k, v in rows.items()}
            # The ratios are taken within each round (the import right after its bare run) and
            # their median reported: the machine's load drifts between rounds, not within one.
            results[label] |= {
                "ratio-1": statistics.median(
                    i / b for i, b in zip(rows["import-1"], rows["bare-1"], strict=True)
                ),
                "ratio-2": statistics.median(
                    i / b for i, b in zip(rows["import-2"], rows["bare-2"], strict=True)
                ),
                "speedup": statistics.median(
                    one / two for one, two in zip(rows["import-1"], rows["import-2"], strict=True)
                ),
            }
            vips_time = vips(files, scratch)
            if vips_time is not None:
                results[label]["vipsthumbnail"] = vips_time / len(files) * 1000

        print(f"\nms per photo (median of {args.rounds} rounds; same process, same files)")
        print(
            f"{'':8} {'import 1w':>10} {'bare 1w':>10} {'import 2w':>10} {'bare 2w':>10} {'vips -s 512':>12}"
        )
        for label, row in results.items():
            v = row.get("vipsthumbnail")
            cells = " ".join(f"{row[k]:10.1f}" for k in ("import-1", "bare-1", "import-2", "bare-2"))
            print(f"{label:8} {cells} {(f'{v:.1f}' if v else 'not installed'):>12}")
        print()
        for label, row in results.items():
            ratio1, ratio2, speedup = row["ratio-1"], row["ratio-2"], row["speedup"]
            ok = max(ratio1, ratio2) <= 1.25
            print(
                f"{label}: import / bare (median per round) = {ratio1:.2f} (1 worker), {ratio2:.2f} (2 workers); ",
                end="",
            )
            print(f"limit 1.25 -> {verdict(ok)}")
            fast = verdict(speedup >= 1.8)
            print(f"{label}: 2 workers are {speedup:.2f}x faster than 1; target >= 1.8 -> {fast}")
        if args.rss:
            peak = measure_rss(scratch, bases["12MP"])
            print(f"\npeak RSS importing 200 x 12 MP (CLI, 2 workers): {peak:.0f} MB; ", end="")
            print(f"limit 400 MB -> {verdict(peak <= 400)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
