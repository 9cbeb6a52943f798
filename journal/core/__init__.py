"""The journal without a GUI: store, photo library, imaging, backup, export, schedule.

Plain Python (sqlite3, Pillow, pathlib). Never imports PySide6; tests/core/test_layers.py
proves it in a fresh interpreter.
"""
