"""Comparing two sessions: the view, its canvas and controls, pairs, eyes, lighting, export."""
