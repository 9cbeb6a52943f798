"""The main window: its frame, menus and actions, opening journals, the welcome page, file actions."""
