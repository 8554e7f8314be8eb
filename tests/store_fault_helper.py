"""Subprocess side of the store fault tests (run as a script, killed by the tests).

    load STORE N   write bulk plans 0..N-1, printing "wrote i" after each; then
                   "done <server pid>" and wait to be killed (no clean shutdown)
    hold STORE S   open the store, print "ready", hold it S seconds, close
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from graphkit.graph import plan_records  # noqa: E402
from graphkit.stores.embedded import EmbeddedStore  # noqa: E402
from plan_factory import bulk_plan  # noqa: E402

mode, path, arg = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "load":
    store = EmbeddedStore(path)
    store.ensure_schema()
    for i in range(int(arg)):
        store.write_plan(plan_records(bulk_plan(i)))
        print(f"wrote {i}", flush=True)
    print(f"done {store.server_pid}", flush=True)
    time.sleep(600)
elif mode == "hold":
    with EmbeddedStore(path) as store:
        print("ready", flush=True)
        time.sleep(float(arg))
