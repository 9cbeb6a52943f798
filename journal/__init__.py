"""Progress Journal: a private, offline photo journal for a course of skin treatments."""

__version__ = "0.1.0"
APP_NAME = "Progress Journal"
APP_ID = "progress-journal"
