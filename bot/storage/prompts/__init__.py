"""Storage of prompts: its table (`models`) and its repository."""
