"""Storage of members: its table (`models`) and its repository."""
