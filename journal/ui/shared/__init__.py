"""What every feature uses: workers, image loading, the journal bridge, common dialogs, undo."""
