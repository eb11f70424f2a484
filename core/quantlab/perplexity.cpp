#include "quantlab/perplexity.h"

#include "quantlab/chunk_runner.h"

#include <cmath>

namespace realm {

PerplexityReport measurePerplexity(std::shared_ptr<const Model> model, const TextChunks& chunks,
                                   const SessionOptions& options, const JobControl* control,
                                   const std::function<void(const PerplexityChunk&)>& onChunk) {
    PerplexityReport r;
    r.contextLength = chunks.contextLength();
    r.textTokens = chunks.textTokens();
    ChunkRunner runner(std::move(model), chunks, options);
    const int64_t nVocab = runner.vocabSize();
    const int64_t scored = chunks.scoredPerChunk();
    std::vector<float> logits;
    double nll = 0, nll2 = 0;
    for (int64_t c = 0; c < chunks.count(); ++c) {
        if (cancelled(control)) {
            r.cancelled = true;
            break;
        }
        runner.run(c, logits);
        const std::span<const int32_t> targets = chunks.targets(c);
        double chunkNll = 0;
        for (int64_t i = 0; i < scored; ++i) {
            const double v =
                negativeLogLikelihood(std::span<const float>(logits).subspan(static_cast<size_t>(i * nVocab),
                                                                             static_cast<size_t>(nVocab)),
                                      targets[static_cast<size_t>(i)]);
            chunkNll += v;
            nll2 += v * v;
            r.tokenNll.push_back(static_cast<float>(v));
        }
        nll += chunkNll;
        r.scoredTokens += scored;
        const PerplexityChunk done{c, std::exp(chunkNll / static_cast<double>(scored)),
                                   std::exp(nll / static_cast<double>(r.scoredTokens))};
        r.chunks.push_back(done);
        if (onChunk) onChunk(done);
        if (control) control->progress(static_cast<double>(c + 1) / static_cast<double>(chunks.count()));
    }
    if (r.scoredTokens == 0) return r;
    const double n = static_cast<double>(r.scoredTokens);
    const double mean = nll / n;
    r.perplexity = std::exp(mean);
    const double variance = nll2 / n - mean * mean;
    if (variance > 0 && r.scoredTokens > 1) r.uncertainty = r.perplexity * std::sqrt(variance / (n - 1));
    return r;
}

} // namespace realm
