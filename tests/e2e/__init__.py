"""End-to-end tests: the real bot process (and a plain discord.py client) against the fake Discord."""
