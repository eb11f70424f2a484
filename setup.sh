#!/usr/bin/env bash
# Realm Studio set-up: installs the missing Debian 12 packages, builds Release into
# build/, then either launches the app (run) or runs the whole test suite headless (test).
#   ./setup.sh run  [realm-studio arguments]
#   ./setup.sh test
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev extra-cmake-modules
  libpcre2-dev nlohmann-json3-dev
  xvfb xauth appstream desktop-file-utils fonts-dejavu-core libxml2-utils)
# The test command also fuzzes the parsers (libFuzzer needs clang).
[ "${1:-run}" = test ] && packages+=(clang-14 libclang-rt-14-dev python3)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --parallel "$(nproc)"

mode=${1:-run}
shift || true
case "$mode" in
  run)
    [ $# -gt 0 ] || set -- resources/demo.gguf
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1280x800x24" build/bin/realm-studio "$@"
    fi
    exec build/bin/realm-studio "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    echo "setup: fuzz smoke run (${REALM_FUZZ_SECONDS:-60} s per target)"
    tests/fuzz/run-smoke.sh "${REALM_FUZZ_SECONDS:-60}"
    cd build
    exec ctest --output-on-failure --timeout 1200
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
