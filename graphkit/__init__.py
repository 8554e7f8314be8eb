"""graphkit: a knowledge graph of Chinese local-government business-environment plans.

Python API (the CLI is a thin layer over it)::

    from graphkit.extract import extract_file
    plan = extract_file("examples/corpus/changzhou-2020-task-division.txt")
    plan.tasks[0].leads[0].mention
"""

__version__ = "0.1.0"
