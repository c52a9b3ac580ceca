"""The Mini App's use cases: what each page shows, read through the features' own ports and
checked against the person every time (`calendar`, `me`, `dashboard`)."""
