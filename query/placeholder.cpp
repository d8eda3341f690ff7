// Placeholder until the query library has sources.
