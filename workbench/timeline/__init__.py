"""Swimlane layout of the chronology (headless)."""
