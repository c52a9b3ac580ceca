"""Storage of personal data (/dataku, /hapusdataku): every per-person read and erasure.
`repository` covers the foundation's tables, `member_records` the features' tables, one section
per feature. No tables of its own."""
