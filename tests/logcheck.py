"""One collector of every log record of the test run (tests/exchange/test_canary.py reads it).

A module of its own so that the conftest and the tests share one instance (conftest modules
are imported under their own names).
"""

from __future__ import annotations

import logging


class _LogCollector(logging.Handler):
    """Keep every log record of the run (message, exception and stack) to search afterwards."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        if record.stack_info:
            text += "\n" + record.stack_info
        self.lines.append(f"{record.name}: {text}")


LOG_COLLECTOR = _LogCollector()
