"""Storage of updates: its table (`models`) and its repository."""
