#!/usr/bin/env bash
# Speed against llama.cpp on synthetic models of real shapes (a manual tool, not a ctest).
#
#   tests/bench/compare-llama.sh LLAMA_BENCH [CACHE_DIR]
#
# Synthesises (once, into CACHE_DIR, default $HOME/.cache/realm-bench, outside the repo)
# TinyLlama-1.1B-shaped Q4_K_M, Q8_0, Q4_0 and F16 files and a Llama-3-8B-shaped Q4_K_M
# file, runs `realm-cli bench --llama-bench` on each (pp128 / tg64, 2 threads, at depth 0
# and 1900; repetitions alternate with llama-bench's so both see the same machine load)
# and prints a markdown table of the ratios with the CPU it ran on. Each file is read back
# from disk first (see below), so a run takes a few minutes more than the benchmarks.
#
# Environment: REALM_CLI (default: build/bin/realm-cli of this checkout), REPS (default 2),
# THREADS (default 2), DEPTHS (default "0 1900"), MODELS (default: all five, by name below;
# any PRESET:MIX of `realm-cli synth`, e.g. "tinyllama-1.1b:iq4_xs tinyllama-1.1b:bf16").
set -euo pipefail

llama_bench=${1:?usage: $0 LLAMA_BENCH [CACHE_DIR]}
cache=${2:-$HOME/.cache/realm-bench}
here=$(cd "$(dirname "$0")/../.." && pwd)
realm=${REALM_CLI:-$here/build/bin/realm-cli}
reps=${REPS:-2}
threads=${THREADS:-2}
depths=${DEPTHS:-"0 1900"}
models=${MODELS:-"tinyllama-1.1b:q4_k_m tinyllama-1.1b:q8_0 tinyllama-1.1b:q4_0 tinyllama-1.1b:f16 llama3-8b:q4_k_m"}

[[ -x $realm ]] || { echo "$realm: not built (cmake --build build --target realm-cli)" >&2; exit 1; }
[[ -x $llama_bench ]] || { echo "$llama_bench: not an executable llama-bench" >&2; exit 1; }
mkdir -p "$cache"

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|f16c|avx512(f|bw|vl|dq|_vnni|_bf16)|avx_vnni|amx_tile)$' | sort | paste -sd' ')

echo "realm-cli $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?') vs llama.cpp $(git -C "$(dirname "$llama_bench")" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "CPU: $cpu, $(nproc) cores ($flags); $threads threads, pp128 / tg64, $reps repetitions alternating"
echo
echo "| model | depth | pp128 realm | pp128 llama.cpp | pp ratio | tg64 realm | tg64 llama.cpp | tg ratio | decode GB/s (% of read) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for entry in $models; do
    preset=${entry%%:*} type=${entry##*:}
    file=$cache/$preset-$type.gguf
    if [[ ! -s $file ]]; then
        "$realm" synth --preset "$preset" --type "$type" -o "$file" >&2
    fi
    # Read the file back from disk once, as after a reboot: pages just written sit in the
    # write path's small folios, which both engines' mappings then walk 4 KB at a time.
    dd if="$file" iflag=nocache count=0 status=none
    cat "$file" >/dev/null
    for depth in $depths; do
        if json=$("$realm" bench "$file" -p 128 -n 64 -t "$threads" -r "$reps" --depth "$depth" \
                    --llama-bench "$llama_bench" --json 2>/tmp/compare-llama.$$.err); then
            jq -r --arg m "$preset $type" --arg d "$depth" '
                def f: if . == null then "–" else (. * 100 | round / 100 | tostring) end;
                def x: if . == null then "–" else ((. * 100 | round / 100 | tostring) + "×") end;
                "| \($m) | \($d) | \(.pp_tokens_per_s | f) | \(.llama_cpp.pp_tokens_per_s | f) | \(.llama_cpp.pp_ratio | x) | \(.tg_tokens_per_s | f) | \(.llama_cpp.tg_tokens_per_s | f) | \(.llama_cpp.tg_ratio | x) | \(.tg_weights_gb_per_s | f) (\((.decode_share_of_read_bandwidth * 100) | round)%) |"' <<<"$json"
        else
            echo "| $preset $type | $depth | not measured: $(head -1 /tmp/compare-llama.$$.err | tr '|' '/') | | | | | | |"
        fi
    done
done
rm -f /tmp/compare-llama.$$.err
