"""Storage of scheduled messages: the table (`models`), planning (`outbox`) and the
dispatcher's claims and outcomes (`repository`)."""
