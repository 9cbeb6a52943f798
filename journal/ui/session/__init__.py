"""One session: its page, the form of its fields, its photos by angle, the photo viewer."""
