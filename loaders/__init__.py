"""Documents → records: readers, normalisation, structure, responsible units, metadata."""

# Before any module of this package is imported: decides whether the mypyc-compiled modules
# run or their .py files (a changed source, GRAPHKIT_PURE=1); see graphkit.loaders.native.
from graphkit.loaders import native as _native  # noqa: E402,F401
