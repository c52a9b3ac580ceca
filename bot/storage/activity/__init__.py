"""Storage of activity: its table (`models`) and its repository."""
