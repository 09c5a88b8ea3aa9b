"""Command line: thin wrappers over pipeline and report modules."""
