// realm-cli perplexity: a model's perplexity over a text, chunked and scored as llama-perplexity.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"
#include "quantlab_common.h"

#include "quantlab/perplexity.h"

#include <cstdio>

namespace realm::cli {

namespace {
int runPerplexity(const std::vector<std::string>& argv) {
    Args args(argv, kTextScoringOptions, {"--json"});
    auto model = Model::load(args.require(0, "MODEL"));
    const TextChunks chunks = textChunks(args, *model);
    auto pool = makePool(args);
    const bool json = args.has("--json");
    if (!json)
        std::printf("%lld tokens, %lld chunks of %lld (the second half of each scored)\n%8s %12s %12s\n",
                    static_cast<long long>(chunks.textTokens()), static_cast<long long>(chunks.count()),
                    static_cast<long long>(chunks.contextLength()), "chunk", "ppl", "running");
    const PerplexityReport r = measurePerplexity(
        model, chunks, sessionOptions(args, pool.get(), KvType::F16), nullptr, [&](const PerplexityChunk& c) {
            if (json) return;
            std::printf("%8lld %12.4f %12.4f\n", static_cast<long long>(c.chunk + 1), c.perplexity,
                        c.running);
            std::fflush(stdout);
        });
    if (json) {
        nlohmann::json perChunk = nlohmann::json::array();
        for (const PerplexityChunk& c : r.chunks)
            perChunk.push_back(
                {{"chunk", c.chunk + 1}, {"perplexity", c.perplexity}, {"running", c.running}});
        printJson({{"context", r.contextLength},
                   {"text_tokens", r.textTokens},
                   {"chunks", perChunk.size()},
                   {"scored_tokens", r.scoredTokens},
                   {"perplexity", r.perplexity},
                   {"uncertainty", r.uncertainty},
                   {"per_chunk", perChunk}});
        return 0;
    }
    std::printf("Final estimate: PPL = %.4f +/- %.5f\n", r.perplexity, r.uncertainty);
    return 0;
}

RegisterCommand perplexity(
    {"perplexity", "Perplexity of a model over a text (as llama-perplexity)",
     "Usage: realm-cli perplexity MODEL --text-file F [-c N] [--chunks K] [--json] [-t THREADS] [--kv "
     "f32|f16]\n\n"
     "Tokenizes the text (BOS first as the vocabulary says), cuts it into chunks of N tokens\n"
     "(default 512), starts each chunk with BOS from an empty cache and scores the second half of\n"
     "each chunk, exactly as llama-perplexity does; the text must hold at least 2N tokens.\n"
     "Prints each chunk's perplexity, the running value and the final estimate with llama.cpp's\n"
     "uncertainty.\n"
     "  --chunks  score only the first K chunks\n"
     "  --kv      KV cache precision (default f16, as llama-perplexity)\n"
     "  --json    {\"context\", \"text_tokens\", \"chunks\", \"scored_tokens\", \"perplexity\",\n"
     "            \"uncertainty\", \"per_chunk\": [{\"chunk\", \"perplexity\", \"running\"}]}\n",
     runPerplexity});
} // namespace

} // namespace realm::cli
