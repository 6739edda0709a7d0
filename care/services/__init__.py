"""Writes of the physiotherapist's workspace and of consented sharing. Every service checks the
care link itself (``care.access.link_check``), so a view that forgot to would still be safe."""
