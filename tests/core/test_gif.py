"""The animated GIF the timelapse writes frame by frame (journal/core/gif.py): Pillow reads
back every frame's pixels and time, whether a frame shares the film's colours or has its own."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageSequence

from journal.core import gif


def _frame(seed: int, colours: Image.Image) -> Image.Image:
    rng = np.random.default_rng(seed)
    pixels = (rng.random((24, 40, 3)) * 255).astype(np.uint8)
    return Image.fromarray(pixels).quantize(palette=colours, dither=Image.Dither.FLOYDSTEINBERG)


def _palette(colours: list[tuple[int, int, int]]) -> Image.Image:
    image = Image.new("P", (1, 1))
    image.putpalette([v for colour in colours for v in colour])
    return image


@pytest.mark.parametrize("colours", ["one-palette", "a-frame-with-its-own-palette"])
def test_a_film_of_single_frames_reads_back_frame_by_frame(tmp_path, colours: str) -> None:  # type: ignore[no-untyped-def]
    warm = _palette([(8 * i, 4 * i, 2 * i) for i in range(32)])
    cool = _palette([(4 * i, 8 * i, 16 * i) for i in range(16)])
    frames = [_frame(0, warm), _frame(1, cool if colours != "one-palette" else warm), _frame(2, warm)]
    pictures = [gif.single_frame(frame) for frame in frames]
    film_colours = pictures[0][0]
    path = tmp_path / "film.gif"
    with open(path, "wb") as out:
        out.write(gif.header((40, 24), film_colours))
        for (table, picture), centiseconds in zip(pictures, (5, 10, 100), strict=True):
            out.write(gif.frame(picture, table, film_colours, centiseconds))
        out.write(gif.TRAILER)
    with Image.open(path) as film:
        assert film.info.get("loop") == 0  # loops for ever
        read = [(np.asarray(f.convert("RGB")), f.info["duration"]) for f in ImageSequence.Iterator(film)]
    assert [duration for _pixels, duration in read] == [50, 100, 1000]
    for (pixels, _duration), frame in zip(read, frames, strict=True):
        assert np.array_equal(pixels, np.asarray(frame.convert("RGB")))
