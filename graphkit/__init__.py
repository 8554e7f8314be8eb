"""graphkit: a knowledge graph of Chinese local-government business-environment plans.

Python API (the CLI is a thin layer over it)::

    from graphkit.extract import extract_file
    plan = extract_file("examples/corpus/changzhou-2020-task-division.txt")
    plan.tasks[0].leads[0].mention
"""

# Before any other module of graphkit is imported: decides whether the mypyc-compiled modules run
# (graphkit.model and the parser's in graphkit.loaders) or their .py files; see graphkit.loaders.native.
from graphkit.loaders import native as _native  # noqa: E402,F401

__version__ = "0.1.0"
