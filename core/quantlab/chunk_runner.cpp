#include "quantlab/chunk_runner.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace realm {

namespace {
SessionOptions withContext(SessionOptions options, int64_t nCtx) {
    options.contextLength = nCtx;
    return options;
}
} // namespace

ChunkRunner::ChunkRunner(std::shared_ptr<const Model> model, const TextChunks& chunks, SessionOptions options)
    : chunks_(chunks), session_(std::move(model), withContext(options, chunks.contextLength())),
      batch_(std::max<int64_t>(1, options.batchSize)) {
    if (session_.contextLength() < chunks.contextLength())
        throw Error("a context of " + std::to_string(chunks.contextLength()) +
                    " tokens is longer than the model's context length " +
                    std::to_string(session_.contextLength()));
}

void ChunkRunner::run(int64_t chunk, std::vector<float>& logits) {
    const std::vector<int32_t> input = chunks_.input(chunk);
    const int64_t nCtx = chunks_.contextLength(), first = chunks_.first();
    const int64_t nVocab = vocabSize(), nLayer = session_.hparams().nLayer;
    const int64_t batch = batch_;
    logits.resize(static_cast<size_t>(chunks_.scoredPerChunk() * nVocab));
    session_.clear();
    for (int64_t begin = 0; begin < nCtx; begin += batch) {
        const int64_t m = std::min(batch, nCtx - begin);
        positions_.resize(static_cast<size_t>(m));
        for (int64_t t = 0; t < m; ++t)
            positions_[static_cast<size_t>(t)] = static_cast<int32_t>(begin + t);
        session_.embed(
            std::span<const int32_t>(input).subspan(static_cast<size_t>(begin), static_cast<size_t>(m)),
            hidden_);
        for (int64_t l = 0; l < nLayer; ++l)
            session_.forwardLayer(l, hidden_, positions_);
        // Scored rows of this batch: positions max(begin, first) … min(begin+m, nCtx−1) − 1.
        const int64_t from = std::max(begin, first), to = std::min(begin + m, nCtx - 1);
        if (from >= to) continue;
        session_.logits(hidden_.data() + (from - begin) * session_.hparams().nEmbd, to - from, batchLogits_);
        std::copy(batchLogits_.begin(), batchLogits_.end(), logits.begin() + (from - first) * nVocab);
    }
}

double negativeLogLikelihood(std::span<const float> logits, int32_t token) {
    const float maxLogit = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float v : logits)
        sum += std::exp(v - maxLogit);
    return -(static_cast<double>(logits[static_cast<size_t>(token)]) - maxLogit - std::log(sum));
}

} // namespace realm
