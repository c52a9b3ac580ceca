"""Storage of the library: practices with their attachments and reactions, and learning resources (`models`, `repository`)."""
