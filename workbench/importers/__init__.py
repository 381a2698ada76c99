"""Readers for agency chronologies and the import pipeline (headless)."""
