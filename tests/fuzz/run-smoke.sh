#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) into build-fuzz/ and runs each
# for a bounded time on seed corpora taken from the fixtures. Usage: run-smoke.sh SECONDS
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
conformance=${REALM_CONFORMANCE_DIR:-$(pwd)/../shared/conformance}
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREALM_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_gguf fuzz_tokenizer fuzz_chat_template

corpus=build-fuzz/corpus
mkdir -p "$corpus/gguf" "$corpus/tokenizer" "$corpus/chat_template"
if [ -d "$conformance" ]; then
  # Small fixtures only: libFuzzer caps input size anyway.
  for f in "$conformance"/types/all-types.gguf; do cp -f "$f" "$corpus/gguf/"; done
  i=0
  python3 - "$conformance/tokenizer/cases.json" "$corpus/tokenizer" <<'PY'
import json, sys, os
cases = json.load(open(sys.argv[1]))
for n, (vocab, lst) in enumerate(sorted(cases.items())):
    for i, c in enumerate(lst):
        open(os.path.join(sys.argv[2], "%d_%d" % (n, i)), "wb").write(bytes([n]) + c["text"].encode())
PY
  for t in "$conformance"/chat-templates/*.jinja; do cp -f "$t" "$corpus/chat_template/"; done
  export REALM_FUZZ_VOCAB_DIR="$conformance/tokenizer"
fi
cp -f tests/fuzz/regressions/*/* "$corpus/" 2>/dev/null || true

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in gguf tokenizer chat_template; do
  if [ "$target" = tokenizer ] && [ -z "${REALM_FUZZ_VOCAB_DIR:-}" ]; then
    echo "fuzz_$target: skipped (no conformance vocabularies in $conformance/tokenizer)"
    # The check lane requires the reference data: a skip there is a failure.
    [ "${REALM_REQUIRE_CONFORMANCE:-0}" = 1 ] && status=1
    continue
  fi
  regressions=tests/fuzz/regressions/$target
  if [ -d "$regressions" ] && ls "$regressions"/* > /dev/null 2>&1; then
    build-fuzz/bin/fuzz_$target "$regressions"/* > /dev/null 2>&1 || { echo "fuzz_$target: a regression input fails"; status=1; }
  fi
  if build-fuzz/bin/fuzz_$target "$corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=1 > "build-fuzz/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target: $(grep -E 'stat::number_of_executed_units' "build-fuzz/fuzz_$target.log" | awk '{print $2}') executions, no crash"
  else
    echo "fuzz_$target: FAILED, see build-fuzz/fuzz_$target.log"; tail -30 "build-fuzz/fuzz_$target.log"; status=1
  fi
done
exit $status
