"""Exports: report, deck, briefing, spreadsheets (headless)."""
