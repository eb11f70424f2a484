#pragma once
#include "quantlab/text_chunks.h"
#include "runtime/session.h"

#include <memory>
#include <vector>

namespace realm {

// Runs the chunks of a text through one model, each from an empty cache, and hands back the
// logits of the scored positions only (the first half is run for context, never projected).
class ChunkRunner {
  public:
    // Throws realm::Error when the model's context is shorter than the chunks.
    ChunkRunner(std::shared_ptr<const Model> model, const TextChunks& chunks, SessionOptions options);
    // logits = [chunks.scoredPerChunk() × nVocab] for positions first()…nCtx−2 of `chunk`.
    void run(int64_t chunk, std::vector<float>& logits);
    int64_t vocabSize() const { return session_.hparams().nVocab; }

  private:
    const TextChunks& chunks_;
    Session session_;
    std::vector<float> hidden_, batchLogits_;
    std::vector<int32_t> positions_;
    int64_t batch_;
};

// −log softmax(logits)[token], computed as llama-perplexity does (float logits, max subtracted,
// the exponentials summed in double).
double negativeLogLikelihood(std::span<const float> logits, int32_t token);

} // namespace realm
