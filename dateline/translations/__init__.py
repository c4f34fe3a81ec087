"""Translations that never silently fall behind: which revision of its source each
translation follows, and what changed in the source since."""
