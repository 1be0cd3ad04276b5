"""gongkai (公开): open government information work, end to end.

The packages directly under ``gongkai`` that have no Django import
(``standard``, ``model``, ``rules``, ``clock``, ``reader``, ``render``) are the
domain core; ``gongkai.site`` and the Django apps are the thin edge.
"""

__version__ = "0.1.0"
