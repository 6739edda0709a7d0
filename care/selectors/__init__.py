"""Reads of the physiotherapist's workspace. Each takes the physiotherapist asking and finds only
clients linked to them now (``care.access``); anyone else's data is simply not found (404)."""
