"""The eye alignment as Qt draws it: one conversion for the compare view and the sheets."""

from __future__ import annotations

from PySide6.QtGui import QTransform

from journal.core.alignment import Similarity, photo_to_reference
from journal.core.models import Photo


def qtransform(similarity: Similarity) -> QTransform:
    m11, m12, m21, m22, dx, dy = similarity.matrix()
    return QTransform(m11, m12, m21, m22, dx, dy)


def alignment(photo: Photo, reference: Photo) -> QTransform | None:
    """`photo`'s upright pixels -> `reference`'s, by the eyes; None without eye points on both."""
    similarity = photo_to_reference(photo, reference)
    return qtransform(similarity) if similarity is not None else None
