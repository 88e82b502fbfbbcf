"""A realistic but fictional registry for newcomers and demonstrations."""
