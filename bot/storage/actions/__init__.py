"""Storage of action plans (`models`, `repository`)."""
