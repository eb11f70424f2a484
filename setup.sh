#!/usr/bin/env bash
# Realm Studio set-up: installs the missing Debian 12 packages, then
#   ./setup.sh run [realm-studio arguments]  builds realm-studio and realm-cli (Release, build/), launches the app
#   ./setup.sh test                          builds everything (Release, build/), runs every ctest suite headless
#   ./setup.sh check                         the fuller lane CI runs (.ci/run): a clang-format check, `test`
#                                            with the conformance data required, a libFuzzer smoke run, the
#                                            suite under ASan+UBSan (build-asan/), the core tests under TSan (build-tsan/)
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev extra-cmake-modules
  libpcre2-dev nlohmann-json3-dev libcpp-httplib-dev qtkeychain-qt6-dev
  xvfb xauth appstream desktop-file-utils fonts-dejavu-core libxml2-utils qt6-l10n-tools
  lighttpd) # lighttpd: tst_ui_remote_gguf serves models over HTTP from one it starts on loopback
# The check lane also fuzzes the parsers (libFuzzer needs clang) and checks the formatting.
[ "${1:-run}" = check ] && packages+=(clang-14 libclang-rt-14-dev python3 clang-format-14)
# tst_ui_keychain keeps API keys in a real Secret Service: gnome-keyring on a private session bus.
[ "${1:-run}" != run ] && packages+=(dbus-daemon gnome-keyring libsecret-1-0) # qtkeychain opens libsecret at run time

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

mode=${1:-run}
shift || true

# Stages print their name and, when done, their duration.
stage_name="" stage_start=0
stage() {
  stage_done
  stage_name=$1 stage_start=$SECONDS
  echo "setup: === $stage_name ==="
}
stage_done() {
  [ -z "$stage_name" ] || echo "setup: --- $stage_name: $((SECONDS - stage_start)) s"
  stage_name=""
}

# Seconds each test may take; the sanitizer builds run several times slower and get more.
release_timeout=900 sanitizer_timeout=1800

release_build() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DREALM_TEST_TIMEOUT=$release_timeout
  cmake --build build --parallel "$(nproc)" "$@"
}

case "$mode" in
  run)
    stage "Release build of realm-studio and realm-cli (build/)"
    release_build --target realm-studio realm-cli
    stage_done
    [ $# -gt 0 ] || set -- resources/demo.gguf
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1280x800x24" build/bin/realm-studio "$@"
    fi
    exec build/bin/realm-studio "$@"
    ;;
  test | check)
    export QT_QPA_PLATFORM=offscreen
    failed=()
    # Each stage runs even when an earlier one failed; any failure fails the command.
    run_stage() { "$@" && return 0; failed+=("$stage_name"); return 1; }

    if [ "$mode" = check ]; then
      # Without the reference data the comparisons with llama.cpp fail instead of skipping.
      export REALM_REQUIRE_CONFORMANCE=1
      stage "clang-format (check only)"
      run_stage tests/check-format.sh || true
    fi

    stage "Release build (build/)"
    if run_stage release_build; then
      stage "ctest (Release, build/)"
      run_stage ctest --test-dir build --output-on-failure || true
    fi

    if [ "$mode" = check ]; then
      stage "fuzz smoke (${REALM_FUZZ_SECONDS:-60} s per target, build-fuzz/)"
      run_stage tests/fuzz/run-smoke.sh "${REALM_FUZZ_SECONDS:-60}" || true

      # The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (gcc, -O1).
      # LSan suppressions name third-party libraries only; UBSan stops at the first report.
      san_flags=(-DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" -DCMAKE_C_FLAGS_SANITIZE="-O1 -g1"
        -DREALM_TEST_TIMEOUT=$sanitizer_timeout)
      stage "ASan+UBSan build (build-asan/)"
      if run_stage cmake -S . -B build-asan -G Ninja "${san_flags[@]}" -DECM_ENABLE_SANITIZERS='address;undefined' \
           && run_stage cmake --build build-asan --parallel "$(nproc)"; then
        stage "ctest (ASan+UBSan, build-asan/)"
        run_stage env ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1 \
          LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0" \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          REALM_STRESS_ROUNDS="${REALM_ASAN_STRESS_ROUNDS:-500}" \
          ctest --test-dir build-asan --output-on-failure || true
      fi

      # The engine's tests (label "core") under ThreadSanitizer; only their targets are built.
      stage "TSan build (build-tsan/, core tests)"
      if run_stage cmake -S . -B build-tsan -G Ninja "${san_flags[@]}" -DECM_ENABLE_SANITIZERS=thread \
           && run_stage cmake --build build-tsan --parallel "$(nproc)" --target core_tests; then
        stage "ctest (TSan, core tests, build-tsan/)"
        run_stage env TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp" \
          ctest --test-dir build-tsan -L core --output-on-failure || true
      fi
    fi
    stage_done

    if ((${#failed[@]})); then
      printf 'setup: FAILED stage: %s\n' "${failed[@]}" >&2
      exit 1
    fi
    echo "setup: all stages passed"
    ;;
  *)
    echo "usage: $0 run|test|check" >&2
    exit 2
    ;;
esac
