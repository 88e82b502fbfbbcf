"""Repatriation: each person's status from detention to return and rehabilitation (roadmap)."""
