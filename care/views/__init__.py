"""Pages of the physiotherapist's workspace (``/physio/``) and the client's sharing pages.

Each workspace view finds the client through ``care.access.client_for_physio`` (404 unless an
active link exists), binds a form, calls one service and redirects.
"""
