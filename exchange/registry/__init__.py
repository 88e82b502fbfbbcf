"""The merged registry: list, search, person pages and edits."""
