"""Storage of /cari: the search documents (`models`) and the full-text index over them (`repository`)."""
