#!/usr/bin/env python3
"""Reduces a llama-eval-callback trace (stdout) to the tensors the tests compare.

usage: extract_eval_callback.py TRACE.txt OUT.json --command "..." --commit HASH

Keeps every `l_out-N` (the residual after layer N) and `result_output` (the logits): their
ggml shape, the first and last 3 values of each printed row (the tool prints %12.4f) and the
sum (%f). The tool prints all rows when there are at most 6 of them.
"""
import argparse
import json
import re

HEAD = re.compile(r"^common_debug_cb_eval:\s+(\S+) = \((\w+)\)\s+\w+\(.*\) = \{([\d, ]+)\}$")
ROW = re.compile(r"^\s+\[([-\d., ]+)\],$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("out")
    ap.add_argument("--command", required=True)
    ap.add_argument("--commit", required=True)
    a = ap.parse_args()
    tensors, cur = [], None
    for line in open(a.trace, encoding="utf-8"):
        line = line.rstrip("\n")
        m = HEAD.match(line)
        if m:
            name = m.group(1)
            keep = name.startswith("l_out-") or name == "result_output"
            cur = {"name": name, "ne": [int(x) for x in m.group(3).split(",")][:2], "rows": []} if keep else None
            if cur:
                tensors.append(cur)
            continue
        if cur is None:
            continue
        r = ROW.match(line.replace("...,", ""))
        if r:
            vals = [float(x) for x in r.group(1).replace(",", " ").split()]
            cur["rows"].append({"first": vals[:3], "last": vals[-3:]})
        elif line.strip().startswith("sum = "):
            cur["sum"] = float(line.split("=")[1])
            cur = None
    json.dump({"llama_cpp_commit": a.commit, "command": a.command, "tensors": tensors}, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
