"""What the trust checks cost (issue 9), each against the work it sits beside, in one run.

Run: `.venv/bin/python tests/bench/trust_bench.py [--photos N]`. Prints medians and ratios:
  - completeness check of a HEIC (structure walk) vs decoding its picture (what a check by
    decoding would cost), and of a 12 MP JPEG vs its draft decode at import;
  - sRGB conversion of a Display P3 preview vs writing the preview;
  - a backup read back and checked before it is kept vs the same zip written without;
  - a restore (every check, one read, hashed while written) vs plain `zipfile.extractall`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image

from journal.core import archive, filecheck, imaging
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from tests.bench.common import SIZES, photographic, variants
from tests.helpers import SHARED_PHOTOS


def median_ms(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=12, help="12 MP photos in the backup/restore journal")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="trust-bench-"))
    try:
        heic = SHARED_PHOTOS / "heic" / "IMG_5195.HEIC"
        if heic.exists():
            check = median_ms(lambda: filecheck.missing_part(heic), 21)

            def decode() -> None:
                with Image.open(heic) as im:
                    im.load()

            full = median_ms(decode)
            print(
                f"HEIC 8.5 MP: completeness walk {check:.2f} ms, full decode {full:.0f} ms: {full / check:,.0f}x cheaper"
            )

        jpeg = root / "12mp.jpg"
        photographic(SIZES["12MP"]).save(jpeg, "JPEG", quality=90)
        check = median_ms(lambda: filecheck.missing_part(jpeg), 21)
        draft = median_ms(lambda: imaging.make_derivatives(jpeg, with_preview=True))
        print(
            f"JPEG 12 MP: completeness walk {check:.2f} ms, import decode {draft:.0f} ms ({check / draft:.1%} of it)"
        )

        preview = photographic((2016, 1512))
        with Image.open(heic) if heic.exists() else Image.new("RGB", (1, 1)) as im:
            p3 = im.info.get("icc_profile")
        tagged = preview.copy()
        tagged.info["icc_profile"] = p3
        out = root / "preview.jpg"
        plain = median_ms(lambda: imaging.save_jpeg(preview, out, 86))
        converted = median_ms(lambda: imaging.save_jpeg(tagged, out, 86)) if p3 else float("nan")
        print(
            f"preview 2016 px: save {plain:.0f} ms, with Display P3 -> sRGB {converted:.0f} ms ({converted / plain:.2f}x)"
        )

        journal = Journal.create(root / "journal", JournalSettings(name="Bench"), root / "cache")
        session = journal.add_session(dt.date(2026, 1, 1))
        for path in variants(jpeg, root / "src", args.photos):
            journal.import_file(path, session.id, Angle.FRONT)

        def without_read_back() -> None:
            snapshot = journal.store.snapshot()
            paths = [(rel, sha, journal.folder / rel) for rel, sha, _t in snapshot.photos]
            archive._write_zip(root / "plain.zip", journal, snapshot.data, paths, None, False)

        plain_zip = median_ms(without_read_back, 3)
        checked = median_ms(lambda: archive.back_up(journal, root / "checked.zip"), 3)
        print(
            f"backup of {args.photos} x 12 MP: written {plain_zip:.0f} ms, written + read back and checked "
            f"{checked:.0f} ms ({checked / plain_zip:.2f}x)"
        )

        def extract() -> None:
            shutil.rmtree(root / "x", ignore_errors=True)
            with zipfile.ZipFile(root / "checked.zip") as z:
                z.extractall(root / "x")

        def restore() -> None:
            shutil.rmtree(root / "r", ignore_errors=True)
            archive.restore(root / "checked.zip", root / "r")

        bare = median_ms(extract, 3)
        full_restore = median_ms(restore, 3)
        print(
            f"restore: zipfile.extractall {bare:.0f} ms, checked restore {full_restore:.0f} ms ({full_restore / bare:.2f}x)"
        )
        journal.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
