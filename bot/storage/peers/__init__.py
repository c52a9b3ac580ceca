"""Storage of peer pairs: its tables (`models`) and its repository."""
