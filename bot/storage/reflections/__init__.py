"""Storage of reflections: their tables (`models`) and their repository."""
