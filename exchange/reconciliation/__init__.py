"""The monthly loop: link a month's source records to the registry, review, merge, publish."""
