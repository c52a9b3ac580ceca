"""Storage of meetings: their tables (`models`) and their repository."""
