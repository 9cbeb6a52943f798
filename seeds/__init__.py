"""The demo journal's source material (shipped as package data `journal.seeds`)."""
