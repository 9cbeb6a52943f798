"""Reminders while the app runs: the banner, the controller with tray and timer, small dialogs."""
