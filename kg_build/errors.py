"""The one exception type the CLI turns into a one-line message and an exit code."""

from __future__ import annotations


class KgError(Exception):
    """A user-facing error: what went wrong and how to fix it.

    `exit_code` is 2 for usage and input errors (the default), 1 for validation failures.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
