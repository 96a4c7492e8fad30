// Placeholder: replaced by the stdlib embedder.
