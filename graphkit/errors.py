"""One root exception with specific subclasses; each carries a stable code (GK1xx …).

Codes are searchable in the README's failure table and testable. The CLI turns any
:class:`GraphkitError` into one line on stderr (``error[GK102]: file.pdf: …``) and the
exit status below; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PARTIAL = 1  # some inputs failed, the rest were processed
EXIT_USAGE = 2  # bad command line (click's own convention)
EXIT_FAILURE = 3  # nothing could be done: store unreachable, every input failed …


class GraphkitError(Exception):
    code = "GK000"
    exit_status = EXIT_FAILURE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            path = shown_path(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{where}{self.message}"


def shown_path(path: str) -> str:
    """A path as printed in a one-line message: quoted with escapes if it holds a newline,
    tab or other control character (a file name must not be able to forge a second line)."""
    path = str(path)
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in path):
        return repr(path)
    return path


class ConfigError(GraphkitError):
    """A setting in the environment is malformed (e.g. GRAPHKIT_MAX_DOCUMENT_MB=lots)."""

    code = "GK001"
    exit_status = EXIT_USAGE


class DocumentError(GraphkitError):
    """A document cannot be read or decoded (missing, binary, no text layer …)."""

    code = "GK100"


class UnsupportedDocument(DocumentError):
    code = "GK101"


class EmptyDocument(DocumentError):
    code = "GK102"


class DocumentTooLarge(DocumentError):
    """Above GRAPHKIT_MAX_DOCUMENT_MB (see README: When things go wrong): refused before it is read."""

    code = "GK103"


class ExtractionWorkerDied(GraphkitError):
    """A ``--jobs`` worker process died (killed, out of memory): the batch stops, loaded plans stay."""

    code = "GK104"


class SidecarError(GraphkitError):
    code = "GK110"
    exit_status = EXIT_USAGE


class DataFileError(GraphkitError):
    """A user-supplied table (agencies, reforms) is malformed."""

    code = "GK120"
    exit_status = EXIT_USAGE


class StoreError(GraphkitError):
    code = "GK200"


class StoreUsageError(StoreError):
    """The store options are wrong (bad Neo4j URI, both --store and --neo4j …): a usage error."""

    code = "GK203"
    exit_status = EXIT_USAGE


class OutputError(GraphkitError):
    """An output file or directory cannot be written (report, export, inspect …)."""

    code = "GK130"


class StoreBusy(StoreError):
    code = "GK201"


class StoreUnavailable(StoreError):
    code = "GK202"


class QueryError(GraphkitError):
    code = "GK300"
    exit_status = EXIT_USAGE


class QueryTimeout(QueryError):
    """The store stopped a query that ran past its time limit (the store stays usable)."""

    code = "GK301"
    exit_status = EXIT_FAILURE
