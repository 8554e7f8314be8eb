"""The ``graphkit`` command group and what every command shares.

Commands live one module each in this package and register on :data:`main`.
Any :class:`graphkit.errors.GraphkitError` becomes one line on stderr and its exit
status; any other exception becomes one line too, unless ``--debug`` asks for the trace.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from graphkit import __version__
from graphkit.errors import EXIT_FAILURE, GraphkitError, OutputError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that open stores close (their servers stop) on the way out.

    A BaseException: the per-document ``except Exception`` of the loaders must not swallow it."""


def _terminate(signum, frame) -> None:
    raise Terminated()


class GuardedGroup(click.Group):
    """A click group that turns errors into one clear line (``--debug`` shows the trace)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except GraphkitError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error[{exc.code}]: {exc}", err=True)
            ctx.exit(exc.exit_status)
        except BrokenPipeError:
            # the reader went away (`graphkit query … | head`): stop quietly, as a shell tool does
            # (stdout goes to /dev/null, so flushing it at exit cannot fail a second time)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            ctx.exit(128 + signal.SIGPIPE)
        except OSError as exc:
            if ctx.obj and ctx.obj.get("debug") or not exc.filename:
                if not exc.filename:  # not about a named file: treat like any other failure
                    return self._unexpected(ctx, exc)
                raise
            reason = exc.strerror or str(exc)
            if isinstance(exc, FileExistsError) and os.path.isfile(exc.filename):
                reason = "is a file, not a directory"  # makedirs on a path through a file
            error = OutputError(reason, path=str(exc.filename))
            click.echo(f"error[{error.code}]: {error}", err=True)
            ctx.exit(error.exit_status)
        except Terminated:
            click.echo("terminated", err=True)
            ctx.exit(128 + signal.SIGTERM)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug, not a user error: still one line without --debug
            return self._unexpected(ctx, exc)

    @staticmethod
    def _unexpected(ctx: click.Context, exc: Exception):
        if ctx.obj and ctx.obj.get("debug"):
            raise exc
        message = " ".join(str(exc).split())  # one line, whatever the exception text holds
        click.echo(f"error: {type(exc).__name__}: {message} (run with --debug for the traceback)", err=True)
        ctx.exit(EXIT_FAILURE)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: the version, and whether the parser's hot modules run compiled (mypyc) or as Python."""
    if not value or ctx.resilient_parsing:
        return
    from graphkit.loaders.native import describe

    click.echo(f"graphkit, version {__version__}")
    click.echo(f"loaders: {describe()}")
    ctx.exit()


@click.group(cls=GuardedGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and which loaders run (compiled or pure Python), and exit.")
@click.option("--debug", is_flag=True, envvar="GRAPHKIT_DEBUG", help="Show full tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """graphkit: a knowledge graph of business-environment plans (营商环境实施方案).

    \b
    Typical session:
      graphkit extract examples/corpus --format table   # what the parser finds
      graphkit load examples/corpus                     # into the embedded store (.graphkit/)
      graphkit query agency-workload --param city=常州市  # answer a question
      graphkit report -o report                         # HTML report with views and charts

    Exit status: 0 success, 1 some inputs failed (the rest were processed),
    2 usage error, 3 nothing could be done (e.g. store unreachable).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # leave a caller's own handler alone
        signal.signal(signal.SIGTERM, _terminate)
    if not ctx.resilient_parsing:  # a bad setting is a usage error before any work (exit 2)
        from graphkit.loaders.readers import check_limits

        check_limits()


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def is_tty() -> bool:
    return sys.stderr.isatty()
