"""Text normalisation shared by storage and search."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Names are stored in NFC: files from some systems arrive decomposed (NFD)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case without diacritics, so "ho chi minh" finds "Hồ Chí Minh" (đ is a letter of its own, not a mark)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
