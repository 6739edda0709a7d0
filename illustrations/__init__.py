"""Illustrations drawn by the project: every exercise level and movement self-test as a figure.

A figure is data (``data/figures.toml``: poses, props, arrows, the cue) drawn by one renderer into
inline SVG. This app sits at the bottom of the layers: it imports only the pure rules engine (for
the exercise library's names) and is used by the pages above it through its template tags.
"""
