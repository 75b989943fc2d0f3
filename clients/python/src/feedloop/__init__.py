"""Feedloop's Python client: import items, send feedback, stream exports, and download snapshots
checked against their manifest's SHA-256. Standard library only; ``datasets`` is optional."""

from .client import Client, Progress
from .errors import FeedloopError, IntegrityError, JobFailed

__all__ = ["Client", "FeedloopError", "IntegrityError", "JobFailed", "Progress"]
__version__ = "0.1.0"
