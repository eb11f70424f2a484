#include "quantlab/kl_divergence.h"

#include "model/model.h"
#include "quantlab/chunk_runner.h"
#include "util/error.h"

namespace realm {

KlReport measureKlDivergence(std::shared_ptr<const Model> reference, std::shared_ptr<const Model> test,
                             const TextChunks& chunks, const SessionOptions& options,
                             const JobControl* control, const std::function<void(const KlChunk&)>& onChunk) {
    const int64_t nVocab = reference->hparams().nVocab;
    if (test->hparams().nVocab != nVocab)
        throw Error("the reference has " + std::to_string(nVocab) +
                    " tokens in its vocabulary, the test file " + std::to_string(test->hparams().nVocab) +
                    ": different vocabularies cannot be compared");
    KlReport r;
    r.contextLength = chunks.contextLength();
    r.textTokens = chunks.textTokens();
    ChunkRunner referenceRunner(std::move(reference), chunks, options);
    ChunkRunner testRunner(std::move(test), chunks, options);
    const int64_t scored = chunks.scoredPerChunk();
    std::vector<float> referenceLogits, testLogits;
    KlSums sums;
    for (int64_t c = 0; c < chunks.count(); ++c) {
        if (cancelled(control)) {
            r.cancelled = true;
            break;
        }
        referenceRunner.run(c, referenceLogits);
        testRunner.run(c, testLogits);
        const std::span<const int32_t> targets = chunks.targets(c);
        for (int64_t i = 0; i < scored; ++i) {
            const auto row = [&](const std::vector<float>& logits) {
                return std::span<const float>(logits).subspan(static_cast<size_t>(i * nVocab),
                                                              static_cast<size_t>(nVocab));
            };
            r.tokens.push_back(
                compareNextToken(row(referenceLogits), row(testLogits), targets[static_cast<size_t>(i)]));
            sums.add(r.tokens.back());
        }
        r.chunks.push_back(runningKl(c, sums));
        if (onChunk) onChunk(r.chunks.back());
        if (control) control->progress(static_cast<double>(c + 1) / static_cast<double>(chunks.count()));
    }
    r.summary = summarizeKl(sums, r.tokens);
    return r;
}

} // namespace realm
