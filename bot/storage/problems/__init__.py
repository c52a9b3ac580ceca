"""Storage of the problem-solving cycle: its tables (`models`) and its repository."""
