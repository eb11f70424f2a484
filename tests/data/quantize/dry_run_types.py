#!/usr/bin/env python3
"""Read `llama-quantize --dry-run` output on stdin and print LABEL NAME TYPE for every matrix
(more than one row) whose type is not the file type's default DEFAULT."""
import re
import sys

label, default = sys.argv[1], sys.argv[2].upper()
for line in sys.stdin:
    m = re.match(r'\[\s*\d+/\s*\d+\]\s+(\S+)\s+- \[\s*(\d+),\s*(\d+),.*type =\s*(\w+),.*?(?:\((\w+)\))?\s*$', line)
    if not m or m.group(3) == '1':
        continue
    final = (m.group(5) or m.group(4)).upper()
    if final != default:
        print(label, m.group(1), final)
