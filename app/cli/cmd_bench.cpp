// realm-cli bench: prompt-processing and generation speed, like llama-bench's pp/tg.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include "runtime/sampler.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace realm::cli {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
    for (int64_t i = 0; i < n; ++i) t[static_cast<size_t>(i)] = static_cast<int32_t>((1 + (i + salt) * 7919) % nVocab);
    return t;
}

int runBench(const std::vector<std::string>& argv) {
    Args args(argv, {"-p", "-n", "-t", "--depth", "--kv"}, {"--json"});
    const std::string path = args.require(0, "MODEL");
    const int64_t p = args.intValue("-p", 128), n = args.intValue("-n", 64), depth = args.intValue("--depth", 0);
    if (p < 1 || n < 1 || depth < 0) throw UsageError("-p and -n must be at least 1, --depth at least 0");
    auto pool = makePool(args);

    const auto start = Clock::now();
    auto model = Model::load(path);
    const double loadSeconds = since(start);
    const HParams& hp = model->hparams();
    SessionOptions o = sessionOptions(args, pool.get(), KvType::F16);
    o.contextLength = std::max(p, depth + n) + 1;
    if (o.contextLength > hp.nCtxTrain)
        throw UsageError("-p / --depth + -n need " + std::to_string(o.contextLength) + " tokens of context; the model has " +
                         std::to_string(hp.nCtxTrain));
    Session session(model, o);

    // Open → first token: one token of prompt, one sampled.
    const int32_t first = argmax(session.evaluate(syntheticTokens(1, hp.nVocab, 0)).data(), hp.nVocab);
    const double firstTokenSeconds = since(start);
    (void)first;

    session.clear();
    const auto ppStart = Clock::now();
    session.evaluate(syntheticTokens(p, hp.nVocab, 1));
    const double ppSeconds = since(ppStart);

    session.clear();
    int32_t next = 1;
    if (depth > 0) next = argmax(session.evaluate(syntheticTokens(depth, hp.nVocab, 2)).data(), hp.nVocab);
    const auto tgStart = Clock::now();
    for (int64_t i = 0; i < n; ++i) next = argmax(session.evaluate(std::span<const int32_t>(&next, 1)).data(), hp.nVocab);
    const double tgSeconds = since(tgStart);

    const MemoryStats mem = session.memory();
    const double pp = static_cast<double>(p) / ppSeconds, tg = static_cast<double>(n) / tgSeconds;
    if (args.has("--json")) {
        printJson({{"model", path},
                   {"threads", pool->size()},
                   {"pp_tokens", p},
                   {"tg_tokens", n},
                   {"depth", depth},
                   {"pp_tokens_per_s", pp},
                   {"tg_tokens_per_s", tg},
                   {"load_s", loadSeconds},
                   {"open_to_first_token_s", firstTokenSeconds},
                   {"peak_rss_bytes", peakRssBytes()},
                   {"kv_cache_bytes", mem.kvCacheBytes},
                   {"scratch_bytes", mem.scratchBytes},
                   {"weight_bytes", mem.weightBytes}});
        return 0;
    }
    std::printf("model:           %s (%d threads)\n", path.c_str(), pool->size());
    std::printf("load:            %.3f s (open to first token %.3f s)\n", loadSeconds, firstTokenSeconds);
    std::printf("pp%-5lld         %.2f tokens/s\n", static_cast<long long>(p), pp);
    std::printf("tg%-5lld @ d%-5lld %.2f tokens/s\n", static_cast<long long>(n), static_cast<long long>(depth), tg);
    std::printf("peak RSS:        %.1f MiB\n", static_cast<double>(peakRssBytes()) / (1024.0 * 1024.0));
    return 0;
}

RegisterCommand bench({"bench", "Measure prompt processing and generation speed",
                       "Usage: realm-cli bench MODEL [-p 128] [-n 64] [-t THREADS] [--depth N] [--kv f16|f32] [--json]\n\n"
                       "pp: one batch of -p prompt tokens; tg: -n tokens decoded one at a time after --depth tokens\n"
                       "of context are already cached. Threads default to every core.\n"
                       "  --json  {\"pp_tokens_per_s\", \"tg_tokens_per_s\", \"load_s\", \"open_to_first_token_s\",\n"
                       "          \"peak_rss_bytes\", \"threads\", \"pp_tokens\", \"tg_tokens\", \"depth\", ...}\n",
                       runBench});
} // namespace

} // namespace realm::cli
