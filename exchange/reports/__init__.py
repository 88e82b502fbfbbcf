"""Read-only reports on the reconciled registry: joint list, monthly changes, overlap."""
