"""Client pages of the program. Views are thin: they bind a form, call one service and redirect or
render; whose data is shown always comes from ``request.user`` through the selectors."""
