"""Headless core: the review file, its model, uncertain dates, commands and search."""
