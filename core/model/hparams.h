#pragma once
#include "model/architecture.h"

#include <cstdint>
#include <string>

namespace realm {

class GgufFile;

// Hyperparameters of a runnable model, read from `<arch>.*` GGUF metadata.
struct HParams {
    Architecture arch = Architecture::Llama;
    std::string archName;      // the GGUF key prefix, e.g. "llama"
    int64_t nVocab = 0;        // vocab_size, else the length of tokenizer.ggml.tokens, else token_embd rows
    int64_t nCtxTrain = 0;     // context_length
    int64_t nEmbd = 0;         // embedding_length
    int64_t nFf = 0;           // feed_forward_length
    int64_t nLayer = 0;        // block_count
    int64_t nHead = 0;         // attention.head_count
    int64_t nHeadKv = 0;       // attention.head_count_kv (defaults to nHead)
    int64_t headDim = 0;       // attention.key_length, else nEmbd / nHead
    int64_t nRot = 0;          // rope.dimension_count (defaults to headDim)
    double ropeFreqBase = 10000.0;
    double ropeFreqScale = 1.0; // 1 / rope.scaling.factor for linear scaling
    RopeLayout ropeLayout = RopeLayout::Normal;
    float rmsEps = 1e-5f;

    int64_t qDim() const { return nHead * headDim; }
    int64_t kvDim() const { return nHeadKv * headDim; }

    // Throws realm::Error naming the file and the missing or invalid key.
    static HParams fromGguf(const GgufFile& file);
};

} // namespace realm
