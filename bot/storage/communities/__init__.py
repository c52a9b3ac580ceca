"""Storage of communities: its table (`models`) and its repository."""
