"""``graphkit viz`` (one interactive view → HTML) and ``graphkit report`` (index + every view + charts)."""

from __future__ import annotations

import click

from graphkit.cli.base import echo_err, main
from graphkit.cli.store_options import open_from_options, store_options
from graphkit.viz.views import VIEWS, build_view, write_view
from graphkit.wording import counted


@main.command()
@click.argument("view", type=click.Choice(list(VIEWS)), metavar="VIEW")
@store_options
@click.option("--city", metavar="NAME", help="Only plans of this city or jurisdiction (常州市 or 常州, 江北区).")
@click.option("--plan", "plan_id", metavar="ID", help="Only this plan (`graphkit query plans` lists the ids); required by the plan view.")
@click.option("--kind", metavar="KIND", help="workload: only agencies of this kind (市场监管, 商务 …).")
@click.option("--agency", metavar="ID", help="agency view: the agency id, e.g. 常州市/商务局.")
@click.option("--reform", metavar="NAME", help="reform view: the reform name, e.g. 证照分离.")
@click.option("--by", type=click.Choice(["city", "plan"]), default="city", show_default=True,
              help="reform-spread: link reforms to places or to plans.")
@click.option("--top", type=click.IntRange(min=1), metavar="N",
              help="How many nodes of the main kind to draw (default: workload 150 agencies, "
                   "reform-spread 60 reforms and 60 places, agency 60 tasks, reform 80 tasks).")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="HTML file to write (self-contained, works offline).")
def viz(view: str, store_path: str | None, neo4j_uri: str | None, city: str | None, plan_id: str | None,
        kind: str | None, agency: str | None, reform: str | None, by: str, top: int | None, output: str) -> None:
    """Draw one interactive view of the stored graph as a self-contained HTML page.

    \b
    VIEW is one of:
      workload        agencies sized by tasks, coloured by kind, linked when they share a task
      reform-spread   reforms and the places (or plans, --by plan) that adopt them, by first year
      plan            one plan: sections → tasks → lead/support agencies and reforms (--plan ID)
      agency          one agency's tasks, plans, partner agencies and reforms (--agency ID)
      reform          one reform's tasks, plans and agencies (--reform NAME)

    \b
    Examples:
      graphkit viz workload -o workload.html
      graphkit viz workload --city 常州市 --top 40 -o changzhou.html
      graphkit viz reform-spread --by plan -o spread.html
      graphkit viz plan --plan plan-3f2a9c0d1e2b4a5c -o plan.html
      graphkit viz agency --agency 常州市/商务局 -o agency.html
      graphkit viz reform --reform 证照分离 -o reform.html
    """
    with open_from_options(store_path, neo4j_uri, create=False) as store:
        page = build_view(store, view, city=city, plan=plan_id, kind=kind, agency=agency, reform=reform,
                          top=top, by=by)
    path = write_view(page, output)
    echo_err(f"wrote {path} ({counted(len(page.nodes), 'node')}, {counted(len(page.edges), 'edge')})")
    click.echo(str(path))


@main.command()
@store_options
@click.option("-o", "--output", "output", default="report", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="Directory to write the report into.")
@click.option("--max-plans", type=click.IntRange(min=0), default=200, show_default=True,
              help="Write a plan explorer for at most this many plans (each page is ~0.5 MB).")
@click.option("--top-agencies", type=click.IntRange(min=0), default=30, show_default=True,
              help="Profiles for this many of the busiest agencies.")
@click.option("--top-reforms", type=click.IntRange(min=0), default=30, show_default=True,
              help="Profiles for this many of the most widespread reforms.")
def report(store_path: str | None, neo4j_uri: str | None, output: str, max_plans: int, top_agencies: int,
           top_reforms: int) -> None:
    """Write an HTML report: corpus summary, charts and links to every view.

    OUTPUT/index.html links a plan explorer per plan, workload and reform-spread views,
    and profiles of the busiest agencies and most widespread reforms. Every page works
    offline and can be opened straight from disk.

    \b
    Examples:
      graphkit report -o report && xdg-open report/index.html
      graphkit report --store /data/plans.graphkit -o out/report --max-plans 200
    """
    from graphkit.viz.report import write_report

    with open_from_options(store_path, neo4j_uri, create=False) as store:
        result = write_report(store, output, max_plans=max_plans, top_agencies=top_agencies,
                              top_reforms=top_reforms, progress=lambda msg: echo_err(f"report: {msg}"))
    for line in result.skipped:
        echo_err(f"note: not paged: {line}")
    echo_err(f"wrote {counted(len(result.pages), 'view')} and {result.index}")
    click.echo(str(result.index))
