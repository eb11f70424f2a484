#pragma once
#include <string>

namespace realm::cli {

// One run of llama.cpp's llama-bench on the same model and settings, for side-by-side
// figures measured in the same session (the machine is shared and noisy).
struct LlamaBenchResult {
    double ppTokensPerSecond = 0;
    double tgTokensPerSecond = 0;
    double peakRssBytes = 0; // the child's maximum resident set (wait4)
};

// Runs `llamaBench -m model -p p -n n -d depth -t threads -r 1 -o json` (p or n may be 0:
// that test is skipped and its figure left 0). Throws
// realm::Error naming the program and what went wrong (not found, exit status, bad JSON).
LlamaBenchResult runLlamaBench(const std::string& llamaBench, const std::string& model, long long p,
                               long long n, long long depth, int threads);

} // namespace realm::cli
