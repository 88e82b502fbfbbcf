"""Accounts: sign-in, sign-out, roles and organisation scoping."""
