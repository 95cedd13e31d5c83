"""Conversions at the edge: JSON documents and the shipped sample data.

Nothing in the core imports from here; these modules turn the core's values
into plain data and back, and read files.
"""
