#!/usr/bin/env python3
"""One result row for run-scan-bench.sh: record_row.py N IMPL OUTPUT.

OUTPUT is what the tool printed; its last line should be its JSON result. Anything
else (a crash, an OutOfMemoryError, a timeout) becomes a row with "error" set to the
last lines printed, so a failed run is recorded rather than lost.
"""
import json
import sys

n, impl, out = int(sys.argv[1]), sys.argv[2], sys.argv[3].strip().splitlines()
try:
    row = json.loads(out[-1])
except (IndexError, ValueError):
    row = {"error": " / ".join(out[-3:]) or "no output"}
row.update({"impl": impl, "n": n})
print(json.dumps(row))
