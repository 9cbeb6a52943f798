"""The desktop app, one package per feature (window, timeline, session, compare, sheets,
reminders, importing) and one shared place (workers, image loading, settings, common dialogs).
journal/ui/README.md maps them and says how a feature adds a menu action, runs work off the
GUI thread and reaches another feature."""
