"""Importing photos from the GUI: the controller, its progress bar and its report."""
