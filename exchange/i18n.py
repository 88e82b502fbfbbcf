"""Language choice: the user's pick, else the browser's preference, else English."""

from __future__ import annotations

from flask import request, session

LANGUAGES = {"en": "English", "uk": "Українська"}


def select_locale() -> str:
    """Return the locale for this request."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"
