// realm-cli bench-matmul: how close the matmul kernels run to memory bandwidth.
// Weights are random blocks with sane scales, spread over enough copies that they do not
// fit in cache, so a matvec reads every weight byte from DRAM as in real decoding.
#include "command.h"
#include "json_output.h"

#include "compute/dot_kernels.h"
#include "compute/matmul.h"
#include "compute/thread_pool.h"
#include "quant/random_blocks.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

namespace realm::cli {

namespace {
using Clock = std::chrono::steady_clock;

template <class F> double secondsPerRun(F&& f, double minSeconds) {
    f(); // warm-up
    int runs = 0;
    const auto t0 = Clock::now();
    double elapsed = 0;
    do {
        f();
        ++runs;
        elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (elapsed < minSeconds);
    return elapsed / runs;
}

int runBenchMatmul(const std::vector<std::string>& argv) {
    Args args(argv, {"--threads", "--rows", "--cols", "--tokens", "--types", "--mb", "--seconds"}, {"--json"});
    const int threads = static_cast<int>(args.intValue("--threads", 0));
    const int64_t rows = args.intValue("--rows", 5632), cols = args.intValue("--cols", 2048);
    const int64_t tokens = args.intValue("--tokens", 128);
    const int64_t totalMb = args.intValue("--mb", 512);
    const double minSeconds = args.doubleValue("--seconds", 1.0);
    std::vector<GgmlType> types;
    std::string list = args.value("--types", "Q4_K,Q6_K,Q8_0,Q4_0,F16");
    for (size_t p = 0; p <= list.size();) {
        const size_t e = std::min(list.find(',', p), list.size());
        const std::string name = list.substr(p, e - p);
        const auto t = typeFromName(name);
        if (!t || !dotKernel(*t)) throw UsageError("--types: no matmul kernel for '" + name + "'");
        types.push_back(*t);
        p = e + 1;
    }
    if (rows <= 0 || cols <= 0 || tokens <= 0 || totalMb <= 0) throw UsageError("sizes must be positive");

    ThreadPool pool(threads);
    std::mt19937 rng(1);
    nlohmann::json results = nlohmann::json::array();

    // Baseline: memcpy of a buffer far larger than the caches, split over the pool.
    {
        const size_t bytes = static_cast<size_t>(totalMb) << 20;
        std::vector<uint8_t> src(bytes, 1), dst(bytes, 0);
        const double s = secondsPerRun([&] {
            pool.parallelFor(static_cast<int64_t>(bytes), [&](int64_t b, int64_t e, int) {
                std::memcpy(dst.data() + b, src.data() + b, static_cast<size_t>(e - b));
            }, 4096);
        }, minSeconds);
        const double gbs = static_cast<double>(bytes) / s / 1e9;
        std::printf("memcpy %lld MB, %d threads: %.2f GB/s read (+ the same written)\n",
                    static_cast<long long>(totalMb), pool.size(), gbs);
        results.push_back({{"op", "memcpy"}, {"bytes", bytes}, {"read_gb_per_s", gbs}});
    }

    std::printf("kernels: %s, threads: %d, matrix %lld rows x %lld cols\n", isaName(detectedIsa()), pool.size(),
                static_cast<long long>(rows), static_cast<long long>(cols));
    for (GgmlType t : types) {
        const int64_t matBytes = rowBytes(t, cols) * rows;
        const int64_t copies = std::max<int64_t>(1, (totalMb << 20) / matBytes);
        std::vector<std::vector<uint8_t>> mats;
        for (int64_t c = 0; c < copies; ++c) mats.push_back(randomWeightBytes(t, rows, cols, rng, 0.02f));
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> x(static_cast<size_t>(cols * tokens));
        for (auto& v : x) v = normal(rng);
        std::vector<float> y(static_cast<size_t>(rows * tokens));

        // Decode: one token, each matrix streamed from memory once per call.
        size_t next = 0;
        const double sv = secondsPerRun([&] {
            matmul(WeightView{t, mats[next].data(), rows, cols}, x.data(), 1, y.data(), &pool);
            next = (next + 1) % mats.size();
        }, minSeconds);
        const double gbs = static_cast<double>(matBytes) / sv / 1e9;

        // Prompt: `tokens` tokens against one matrix.
        const double sm = secondsPerRun([&] {
            matmul(WeightView{t, mats[0].data(), rows, cols}, x.data(), tokens, y.data(), &pool);
        }, minSeconds);
        const double gmacs = static_cast<double>(rows * cols * tokens) / sm / 1e9;
        std::printf("%-6s matvec: %8.1f us  %6.2f GB/s of weights | matmul %lld tokens: %8.2f ms  %6.1f GMAC/s\n",
                    typeName(t), sv * 1e6, gbs, static_cast<long long>(tokens), sm * 1e3, gmacs);
        results.push_back({{"op", "matmul"}, {"type", typeName(t)}, {"rows", rows}, {"cols", cols},
                           {"weight_bytes", matBytes}, {"matvec_us", sv * 1e6}, {"matvec_gb_per_s", gbs},
                           {"tokens", tokens}, {"matmul_ms", sm * 1e3}, {"matmul_gmac_per_s", gmacs}});
    }
    if (args.has("--json")) printJson({{"isa", isaName(detectedIsa())}, {"threads", pool.size()}, {"results", results}});
    return 0;
}

RegisterCommand benchMatmul({"bench-matmul", "Measure matmul kernels against memory bandwidth",
                             "Usage: realm-cli bench-matmul [--threads N] [--rows R] [--cols C] [--tokens T]\n"
                             "                              [--types Q4_K,Q6_K,...] [--mb MB] [--seconds S] [--json]\n\n"
                             "Random weights of each type (R x C, default 5632 x 2048 as TinyLlama's FFN), copied\n"
                             "until MB megabytes (default 512) so that they do not fit in cache. Prints a memcpy\n"
                             "baseline over the same pool, the one-token matvec time and GB/s of weights read,\n"
                             "and the T-token (default 128) matmul time.\n",
                             runBenchMatmul});
} // namespace

} // namespace realm::cli
