"""Errors a reader raises when an input cannot be read at all."""


class UnreadableInput(Exception):
    """The input cannot be read; the message (Chinese) names the file and says why."""
