#!/usr/bin/env bash
# Checks (never rewrites) that the project's C++ sources follow .clang-format; the check lane
# runs it. To fix: clang-format-14 -i FILE. Generated tables are left as generated.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.h' ':!:core/tokenizer/unicode_data.cpp' |
  xargs -0 clang-format-14 --dry-run -Werror
