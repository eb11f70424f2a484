// realm-cli bench: prompt-processing and generation speed, like llama-bench's pp/tg.
#include "bench_profile.h"
#include "command.h"
#include "engine_common.h"
#include "json_output.h"
#include "llama_bench_baseline.h"

#include "runtime/sampler.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <numeric>
#include <string>

namespace realm::cli {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}
// The process's CPU seconds since `c` (threads waiting for work count too).
double cpuSince(std::clock_t c) {
    return static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC;
}

// Peak resident set (VmHWM) of this process; 0 if /proc is unavailable.
uint64_t peakRssBytes() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
    return 0;
}

// Deterministic, varied token ids (the speed does not depend on which ones).
std::vector<int32_t> syntheticTokens(int64_t n, int64_t nVocab, int64_t salt) {
    std::vector<int32_t> t(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        t[static_cast<size_t>(i)] = static_cast<int32_t>((1 + (i + salt) * 7919) % nVocab);
    return t;
}

double mean(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// A mean, or null for a phase that was skipped (-p 0 / -n 0).
nlohmann::json figure(const std::vector<double>& v) {
    return v.empty() ? nlohmann::json() : nlohmann::json(mean(v));
}
nlohmann::json ratio(const std::vector<double>& a, const std::vector<double>& b) {
    return a.empty() || b.empty() ? nlohmann::json() : nlohmann::json(mean(a) / mean(b));
}

int runBench(const std::vector<std::string>& argv) {
    Args args(argv, {"-p", "-n", "-t", "-r", "--depth", "--kv", "--llama-bench"}, {"--json", "--profile"});
    const std::string path = args.require(0, "MODEL");
    const int64_t p = args.intValue("-p", 128), n = args.intValue("-n", 64),
                  depth = args.intValue("--depth", 0);
    const std::string llamaBench = args.value("--llama-bench");
    const int64_t reps = args.intValue("-r", llamaBench.empty() ? 1 : 3);
    const bool profiling = args.has("--profile");
    if (p < 0 || n < 0 || depth < 0 || reps < 1)
        throw UsageError("-p, -n and --depth must be at least 0, -r at least 1");
    if (p == 0 && n == 0) throw UsageError("-p 0 and -n 0 leave nothing to measure");
    if (profiling && n == 0) throw UsageError("--profile times decoding: it needs -n of at least 1");
    auto pool = makePool(args);

    const auto start = Clock::now();
    auto model = Model::load(path);
    const double loadSeconds = since(start);
    const HParams& hp = model->hparams();
    SessionOptions o = sessionOptions(args, pool.get(), KvType::F16);
    o.contextLength = depth + std::max(p, n) + 1;
    if (o.contextLength > hp.nCtxTrain)
        throw UsageError("--depth + max(-p, -n) need " + std::to_string(o.contextLength) +
                         " tokens of context; the model has " + std::to_string(hp.nCtxTrain));
    Session session(model, o);

    // Open → first token: one token of prompt, one sampled.
    const int32_t first = argmax(session.evaluate(syntheticTokens(1, hp.nVocab, 0)).data(), hp.nVocab);
    const double firstTokenSeconds = since(start);
    (void)first;
    // How the kernel mapped the file, which that time depends on more than on anything here.
    const MappedFile& mapping = model->file().mapping();
    const double hugePageShare = static_cast<double>(mapping.hugePageBytes()) /
                                 static_cast<double>(std::max<uint64_t>(1, mapping.size()));

    const DecodeWeights weights = decodeWeights(*model);
    OpProfile profile;
    double tgSeconds = 0;
    // The read bar is measured right before and right after each decode run, and each run is set
    // against the mean of those two: a shared machine's memory bandwidth swings by a third within
    // a minute, so a bar from another moment says more about the neighbours than about decoding.
    std::vector<double> readBars, decodeShares;
    // Repetitions alternate with llama-bench's so both see the same machine load.
    std::vector<double> pp, tg, llamaPp, llamaTg;
    std::vector<double> ppPerCpu, tgPerCpu; // tokens per CPU-second: what a loaded machine distorts less
    double llamaRss = 0;
    // Like llama-bench, both tests run after --depth tokens of context: the context is
    // evaluated once per repetition and the prompt's tokens are dropped again before decoding.
    for (int64_t rep = 0; rep < reps; ++rep) {
        session.clear();
        int32_t next = 1;
        if (depth > 0)
            next = argmax(session.evaluate(syntheticTokens(depth, hp.nVocab, 2)).data(), hp.nVocab);
        if (p > 0) {
            const std::vector<int32_t> prompt = syntheticTokens(p, hp.nVocab, 1);
            const auto ppStart = Clock::now();
            const std::clock_t ppCpuStart = std::clock();
            session.evaluate(prompt);
            pp.push_back(static_cast<double>(p) / since(ppStart));
            ppPerCpu.push_back(static_cast<double>(p) / cpuSince(ppCpuStart));
            session.truncate(depth);
        }
        if (n > 0) {
            const double barBefore = measureReadBandwidth(weights.ranges, pool.get());
            session.setProfile(profiling ? &profile : nullptr);
            const std::clock_t tgCpuStart = std::clock();
            const auto tgStart = Clock::now();
            // The same instant: std::clock() is a system call, where a busy machine preempts.
            if (profiling) profile.mark(tgStart);
            for (int64_t i = 0; i < n; ++i) {
                const std::vector<float>& logits = session.evaluate(std::span<const int32_t>(&next, 1));
                if (profiling) profile.lap(OpKind::Other);
                next = argmax(logits.data(), hp.nVocab);
                if (profiling) profile.lap(OpKind::Sampling);
            }
            const double seconds = since(tgStart);
            tgPerCpu.push_back(static_cast<double>(n) / cpuSince(tgCpuStart));
            session.setProfile(nullptr);
            tgSeconds += seconds;
            tg.push_back(static_cast<double>(n) / seconds);
            const double barAfter = measureReadBandwidth(weights.ranges, pool.get());
            readBars.push_back(barBefore);
            readBars.push_back(barAfter);
            decodeShares.push_back(static_cast<double>(weights.total()) * tg.back() /
                                   ((barBefore + barAfter) / 2));
        }

        if (!llamaBench.empty()) {
            const LlamaBenchResult l = runLlamaBench(llamaBench, path, p, n, depth, pool->size());
            if (p > 0) llamaPp.push_back(l.ppTokensPerSecond);
            if (n > 0) llamaTg.push_back(l.tgTokensPerSecond);
            llamaRss = std::max(llamaRss, l.peakRssBytes);
        }
    }

    const MemoryStats mem = session.memory();
    const double rss = static_cast<double>(peakRssBytes());
    const double decodeBandwidth = tg.empty() ? 0 : static_cast<double>(weights.total()) * mean(tg);
    const double readBandwidth = readBars.empty() ? 0 : mean(readBars);
    if (args.has("--json")) {
        nlohmann::json out = {{"model", path},
                              {"threads", pool->size()},
                              {"pp_tokens", p},
                              {"tg_tokens", n},
                              {"depth", depth},
                              {"repetitions", reps},
                              {"pp_tokens_per_s", figure(pp)},
                              {"tg_tokens_per_s", figure(tg)},
                              {"pp_tokens_per_cpu_s", figure(ppPerCpu)},
                              {"tg_tokens_per_cpu_s", figure(tgPerCpu)},
                              {"load_s", loadSeconds},
                              {"open_to_first_token_s", firstTokenSeconds},
                              {"weights_in_huge_pages", hugePageShare},
                              {"peak_rss_bytes", peakRssBytes()},
                              {"kv_cache_bytes", mem.kvCacheBytes},
                              {"scratch_bytes", mem.scratchBytes},
                              {"weight_bytes", mem.weightBytes},
                              {"decode_weight_bytes", weights.total()}};
        if (!tg.empty()) {
            out["tg_weights_gb_per_s"] = decodeBandwidth / 1e9;
            out["read_bandwidth_gb_per_s"] = readBandwidth / 1e9;
            out["decode_share_of_read_bandwidth"] = mean(decodeShares);
        }
        if (profiling) out["profile"] = profileJson(profile, n * reps, tgSeconds, weights);
        if (!llamaBench.empty())
            out["llama_cpp"] = {{"pp_tokens_per_s", figure(llamaPp)}, {"tg_tokens_per_s", figure(llamaTg)},
                                {"peak_rss_bytes", llamaRss},         {"pp_ratio", ratio(pp, llamaPp)},
                                {"tg_ratio", ratio(tg, llamaTg)},     {"peak_rss_ratio", rss / llamaRss}};
        printJson(out);
        return 0;
    }
    std::printf("model:           %s (%d threads, %lld repetitions)\n", path.c_str(), pool->size(),
                static_cast<long long>(reps));
    std::printf(
        "load:            %.3f s (open to first token %.3f s; %.0f%% of the file mapped in 2 MB pages)\n",
        loadSeconds, firstTokenSeconds, 100 * hugePageShare);
    const std::string ppLabel = "pp" + std::to_string(p) + (depth > 0 ? " @ d" + std::to_string(depth) : "");
    const std::string tgLabel = "tg" + std::to_string(n) + " @ d" + std::to_string(depth);
    if (llamaBench.empty()) {
        if (p > 0)
            std::printf("%-16s %.2f tokens/s (%.2f per CPU-second)\n", ppLabel.c_str(), mean(pp),
                        mean(ppPerCpu));
        if (n > 0)
            std::printf("%-16s %.2f tokens/s (%.2f per CPU-second)\n", tgLabel.c_str(), mean(tg),
                        mean(tgPerCpu));
    } else {
        std::printf("%-16s %12s %12s %8s\n", "", "realm-cli", "llama.cpp", "ratio");
        if (p > 0)
            std::printf("%-16s %12.2f %12.2f %7.2fx  tokens/s\n", ppLabel.c_str(), mean(pp), mean(llamaPp),
                        mean(pp) / mean(llamaPp));
        if (n > 0)
            std::printf("%-16s %12.2f %12.2f %7.2fx  tokens/s\n", tgLabel.c_str(), mean(tg), mean(llamaTg),
                        mean(tg) / mean(llamaTg));
    }
    if (n > 0)
        std::printf(
            "decode reads:    %.2f GB/s of weights (%.2f GB per token), %.0f%% of the %.2f GB/s the "
            "same weights\n"
            "                 are read at with nothing computed (%.2f-%.2f, before and after each run)\n",
            decodeBandwidth / 1e9, static_cast<double>(weights.total()) / 1e9, 100 * mean(decodeShares),
            readBandwidth / 1e9, *std::min_element(readBars.begin(), readBars.end()) / 1e9,
            *std::max_element(readBars.begin(), readBars.end()) / 1e9);
    if (llamaBench.empty())
        std::printf("peak RSS:        %.1f MiB\n", rss / (1024.0 * 1024.0));
    else
        std::printf("%-16s %12.1f %12.1f %7.2fx  MiB\n", "peak RSS", rss / 1048576.0, llamaRss / 1048576.0,
                    rss / llamaRss);
    if (profiling) printProfile(profile, n * reps, tgSeconds, weights);
    return 0;
}

RegisterCommand bench(
    {"bench", "Measure prompt processing and generation speed",
     "Usage: realm-cli bench MODEL [-p 128] [-n 64] [-t THREADS] [-r REPS] [--depth N] [--kv f16|f32]\n"
     "                       [--llama-bench PATH] [--profile] [--json]\n\n"
     "pp: one batch of -p prompt tokens; tg: -n tokens decoded one at a time; both after --depth\n"
     "tokens of context are already cached (as llama-bench -d); -p 0 or -n 0 skips that test.\n"
     "Threads default to every core; figures are means of -r runs, also per second of the\n"
     "process's CPU time (waiting threads count). Before and after each tg run the weights\n"
     "a token reads are read once more with nothing computed: each run is shown against the mean of\n"
     "those two bandwidths (a shared machine's bandwidth drifts), and the share is the runs' mean.\n"
     "  --profile  where a decoded token's time goes: each matrix kind, attention, norms, RoPE,\n"
     "          sampling, other (ms per token, share, GB/s of weights)\n"
     "  --llama-bench PATH  also run llama.cpp's llama-bench on the same file and settings,\n"
     "          alternating with ours (-r defaults to 3), and print both with ratios\n"
     "  --json  {\"pp_tokens_per_s\", \"tg_tokens_per_s\" (null when skipped), \"load_s\", "
     "\"pp_tokens_per_cpu_s\", \"tg_tokens_per_cpu_s\",\n"
     "          \"open_to_first_token_s\", \"weights_in_huge_pages\",\n"
     "          \"peak_rss_bytes\", \"threads\", \"pp_tokens\", \"tg_tokens\", \"depth\", "
     "\"tg_weights_gb_per_s\",\n"
     "          \"read_bandwidth_gb_per_s\", ..., \"profile\": {\"ms_per_token\": {kind: ms}, ...},\n"
     "          \"llama_cpp\": {\"pp_tokens_per_s\", \"tg_tokens_per_s\", \"peak_rss_bytes\", ratios}}\n",
     runBench});
} // namespace

} // namespace realm::cli
