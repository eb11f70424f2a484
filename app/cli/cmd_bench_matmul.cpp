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
#include <ctime>
#include <optional>
#include <random>
#include <vector>

namespace realm::cli {

namespace {
using Clock = std::chrono::steady_clock;

// Seconds per run, by the wall clock and by the process's CPU time (which on a shared,
// loaded machine still says what a kernel costs, while the wall clock says how busy the
// machine was).
struct RunTime {
    double wall, cpu;
};
template <class F> RunTime secondsPerRun(F&& f, double minSeconds) {
    f(); // warm-up
    int runs = 0;
    const auto t0 = Clock::now();
    const std::clock_t c0 = std::clock();
    double elapsed = 0;
    do {
        f();
        ++runs;
        elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (elapsed < minSeconds);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    return {elapsed / runs, cpu / runs};
}

std::vector<std::string> splitList(const std::string& list) {
    std::vector<std::string> items;
    for (size_t p = 0; p <= list.size();) {
        const size_t e = std::min(list.find(',', p), list.size());
        items.push_back(list.substr(p, e - p));
        p = e + 1;
    }
    return items;
}

std::optional<Isa> isaFromName(const std::string& name) {
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512})
        if (name == isaName(isa)) return isa;
    return std::nullopt;
}

int runBenchMatmul(const std::vector<std::string>& argv) {
    Args args(argv, {"--threads", "--rows", "--cols", "--tokens", "--types", "--mb", "--seconds", "--isa"},
              {"--json"});
    const int threads = static_cast<int>(args.intValue("--threads", 0));
    const int64_t rows = args.intValue("--rows", 5632), cols = args.intValue("--cols", 2048);
    const int64_t tokens = args.intValue("--tokens", 128);
    const int64_t totalMb = args.intValue("--mb", 512);
    const double minSeconds = args.doubleValue("--seconds", 1.0);
    std::vector<GgmlType> types;
    for (const std::string& name : splitList(args.value("--types", "Q4_K,Q6_K,Q8_0,Q4_0,F16"))) {
        const auto t = typeFromName(name);
        if (!t || !dotKernel(*t)) throw UsageError("--types: no matmul kernel for '" + name + "'");
        types.push_back(*t);
    }
    std::vector<Isa> isas;
    for (const std::string& name : splitList(args.value("--isa", isaName(detectedIsa())))) {
        const auto isa = isaFromName(name);
        if (!isa)
            throw UsageError("--isa: unknown instruction set '" + name + "' (scalar, avx2, avx512-vnni)");
        if (!cpuSupports(*isa)) throw UsageError("--isa: this CPU cannot run " + name);
        isas.push_back(*isa);
    }
    if (rows <= 0 || cols <= 0 || tokens <= 0 || totalMb <= 0) throw UsageError("sizes must be positive");

    ThreadPool pool(threads);
    std::mt19937 rng(1);
    nlohmann::json results = nlohmann::json::array();

    // Baseline: memcpy of a buffer far larger than the caches, split over the pool.
    {
        const size_t bytes = static_cast<size_t>(totalMb) << 20;
        std::vector<uint8_t> src(bytes, 1), dst(bytes, 0);
        const double s =
            secondsPerRun(
                [&] {
                    pool.parallelFor(
                        static_cast<int64_t>(bytes),
                        [&](int64_t b, int64_t e, int) {
                            std::memcpy(dst.data() + b, src.data() + b, static_cast<size_t>(e - b));
                        },
                        4096);
                },
                minSeconds)
                .wall;
        const double gbs = static_cast<double>(bytes) / s / 1e9;
        std::printf("memcpy %lld MB, %d threads: %.2f GB/s read (+ the same written)\n",
                    static_cast<long long>(totalMb), pool.size(), gbs);
        results.push_back({{"op", "memcpy"}, {"bytes", bytes}, {"read_gb_per_s", gbs}});
    }

    std::printf("best kernels here: %s, threads: %d, matrix %lld rows x %lld cols\n", isaName(detectedIsa()),
                pool.size(), static_cast<long long>(rows), static_cast<long long>(cols));
    for (GgmlType t : types) {
        const int64_t matBytes = rowBytes(t, cols) * rows;
        const int64_t copies = std::max<int64_t>(1, (totalMb << 20) / matBytes);
        std::vector<std::vector<uint8_t>> mats;
        for (int64_t c = 0; c < copies; ++c)
            mats.push_back(randomWeightBytes(t, rows, cols, rng, 0.02f));
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> x(static_cast<size_t>(cols * tokens));
        for (auto& v : x)
            v = normal(rng);
        std::vector<float> y(static_cast<size_t>(rows * tokens));

        for (Isa isa : isas) {
            const DotKernel* kernel = dotKernelFor(t, isa);
            if (!kernel) {
                std::printf("%-6s %-11s no kernel of its own (the one below it runs)\n", typeName(t),
                            isaName(isa));
                continue;
            }
            // Decode: one token, each matrix streamed from memory once per call.
            size_t next = 0;
            const RunTime sv = secondsPerRun(
                [&] {
                    matmul(WeightView{t, mats[next].data(), rows, cols}, x.data(), 1, y.data(), &pool,
                           *kernel);
                    next = (next + 1) % mats.size();
                },
                minSeconds);
            const double gbs = static_cast<double>(matBytes) / sv.wall / 1e9,
                         gbsPerCpu = static_cast<double>(matBytes) / sv.cpu / 1e9;

            // Prompt: `tokens` tokens against one matrix.
            const RunTime sm = secondsPerRun(
                [&] {
                    matmul(WeightView{t, mats[0].data(), rows, cols}, x.data(), tokens, y.data(), &pool,
                           *kernel);
                },
                minSeconds);
            const double macs = static_cast<double>(rows * cols * tokens);
            const double gmacs = macs / sm.wall / 1e9, gmacsPerCpu = macs / sm.cpu / 1e9;
            std::printf("%-6s %-11s matvec: %8.1f us  %6.2f GB/s of weights (%6.2f per CPU-s) | matmul %lld "
                        "tokens: %8.2f ms  %6.1f GMAC/s (%6.1f per CPU-s)\n",
                        typeName(t), isaName(isa), sv.wall * 1e6, gbs, gbsPerCpu,
                        static_cast<long long>(tokens), sm.wall * 1e3, gmacs, gmacsPerCpu);
            results.push_back({{"op", "matmul"},
                               {"type", typeName(t)},
                               {"isa", isaName(isa)},
                               {"rows", rows},
                               {"cols", cols},
                               {"weight_bytes", matBytes},
                               {"matvec_us", sv.wall * 1e6},
                               {"matvec_cpu_us", sv.cpu * 1e6},
                               {"matvec_gb_per_s", gbs},
                               {"tokens", tokens},
                               {"matmul_ms", sm.wall * 1e3},
                               {"matmul_gmac_per_s", gmacs},
                               {"matmul_gmac_per_cpu_s", gmacsPerCpu}});
        }
    }
    if (args.has("--json"))
        printJson({{"isa", isaName(detectedIsa())}, {"threads", pool.size()}, {"results", results}});
    return 0;
}

RegisterCommand
    benchMatmul({"bench-matmul", "Measure matmul kernels against memory bandwidth",
                 "Usage: realm-cli bench-matmul [--threads N] [--rows R] [--cols C] [--tokens T]\n"
                 "                              [--types Q4_K,Q6_K,...] [--isa avx2,avx512-vnni]\n"
                 "                              [--mb MB] [--seconds S] [--json]\n\n"
                 "Random weights of each type (R x C, default 5632 x 2048 as TinyLlama's FFN), copied\n"
                 "until MB megabytes (default 512) so that they do not fit in cache. Prints a memcpy\n"
                 "baseline over the same pool, the one-token matvec time and GB/s of weights read,\n"
                 "and the T-token (default 128) matmul time, with each instruction set of --isa\n"
                 "(default: the best this CPU runs; a set without a kernel of its own for a type\n"
                 "is skipped for that type). Rates are also given per second of the process's CPU time,\n"
                 "which a loaded machine distorts less than the wall clock.\n",
                 runBenchMatmul});
} // namespace

} // namespace realm::cli
