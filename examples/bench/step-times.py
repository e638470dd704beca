"""Reads `stepwise status RUN --format json` on stdin.

Prints each step's duration in milliseconds, one a line; with --started, prints instead the run's
start time as milliseconds since the epoch (when the engine had loaded everything and created the run).
"""
import json
import sys
from datetime import datetime


def parse(ts):
    if not ts:
        return None
    ts = ts.replace("Z", "+00:00")
    head, _, tail = ts.partition(".")
    if tail:  # Python before 3.11 takes at most 6 fraction digits
        frac, plus, zone = tail.partition("+")
        ts = head + "." + frac[:6] + plus + zone
    return datetime.fromisoformat(ts)


doc = json.load(sys.stdin)
if "--started" in sys.argv:
    print(f"{parse(doc['started']).timestamp() * 1000:.3f}")
    sys.exit(0)
rows = doc if isinstance(doc, list) else doc.get("steps") or doc.get("rows") or []
for row in rows:
    ms = row.get("durationMs", row.get("duration_ms"))
    if ms is not None:
        print(f"{float(ms):.3f}")
        continue
    a, b = parse(row.get("started")), parse(row.get("ended"))
    if a and b:
        print(f"{(b - a).total_seconds() * 1000:.3f}")
