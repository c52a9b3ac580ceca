"""Storage of appreciation: its table (`models`) and its repository."""
