"""sRGB to CIELAB (D65), written out so what is measured is plain to read and check.

IEC 61966-2-1 sRGB decoding, the sRGB primaries' matrix to CIE XYZ, and CIE 1976 L*a*b*
relative to the D65 white the sRGB standard uses. 8-bit values go through a 256-entry table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

# sRGB (linear) -> XYZ, D65 (IEC 61966-2-1).
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
D65_WHITE = (0.95047, 1.0, 1.08883)
_EPSILON = (6 / 29) ** 3


def _decode_table() -> NDArray[np.float64]:
    c = np.arange(256, dtype=np.float64) / 255.0
    table: NDArray[np.float64] = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return table


_LINEAR = _decode_table()


def linear_rgb(rgb: NDArray[Any]) -> NDArray[np.float64]:
    """8-bit sRGB (..., 3) to linear light 0..1."""
    out: NDArray[np.float64] = _LINEAR[np.asarray(rgb, dtype=np.uint8)]
    return out


def encode_srgb(linear: NDArray[Any]) -> NDArray[np.uint8]:
    """Linear light 0..1 (..., 3) to 8-bit sRGB, clipped and rounded."""
    c = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    encoded = np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1 / 2.4) - 0.055)
    return np.clip(np.rint(encoded * 255.0), 0, 255).astype(np.uint8)


def _f(t: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.where(t > _EPSILON, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return out


def _f_inverse(f: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29))
    return out


def linear_to_lab(linear: NDArray[Any]) -> NDArray[np.float64]:
    """Linear sRGB (..., 3) to L*a*b* (..., 3): L* 0..100, a* green(-)..red(+), b* blue(-)..yellow(+)."""
    xyz = np.asarray(linear, dtype=np.float64) @ _RGB_TO_XYZ.T
    fx = _f(xyz[..., 0] / D65_WHITE[0])
    fy = _f(xyz[..., 1] / D65_WHITE[1])
    fz = _f(xyz[..., 2] / D65_WHITE[2])
    return np.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], axis=-1)


def srgb_to_lab(rgb: NDArray[Any]) -> NDArray[np.float64]:
    """8-bit sRGB (..., 3) to L*a*b* (..., 3), D65."""
    return linear_to_lab(linear_rgb(rgb))


def lab_to_linear(lab: NDArray[Any]) -> NDArray[np.float64]:
    """L*a*b* (..., 3) back to linear sRGB (not clipped: out-of-gamut colours fall outside 0..1)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    xyz = np.stack(
        [_f_inverse(fx) * D65_WHITE[0], _f_inverse(fy) * D65_WHITE[1], _f_inverse(fz) * D65_WHITE[2]], axis=-1
    )
    out: NDArray[np.float64] = xyz @ np.linalg.inv(_RGB_TO_XYZ).T
    return out


def lab_to_srgb(lab: NDArray[Any]) -> NDArray[np.uint8]:
    return encode_srgb(lab_to_linear(lab))
