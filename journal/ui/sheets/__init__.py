"""Printing comparison sheets: the dialog with page options, preview, print and PDF."""
