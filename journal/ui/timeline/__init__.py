"""The session timeline: the list model and the delegate that draws its rows."""
