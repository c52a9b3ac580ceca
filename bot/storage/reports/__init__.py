"""Storage of reports: the waiting-export table (`models`), the reports' repository and the
archive (`archive`), the reads over one period the features' report sections make."""
