#pragma once
#include "quant/ggml_type.h"

#include <cstdint>
#include <string>
#include <vector>

// Random-weight llama-architecture GGUF models, so tests and benchmarks get realistic
// files without downloads. Deterministic per seed on every platform.
namespace realm {

struct SynthPreset {
    std::string name;
    int nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx;
    int nVocab; // used when no vocabulary file is given
    float ropeBase, rmsEps;
};

// "tiny", "tinyllama-1.1b", "llama3-8b", "llama3-70b"; throws realm::Error for an unknown name.
const SynthPreset& synthPreset(const std::string& name);
std::vector<std::string> synthPresetNames();

// f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl, iq4_xs, q4_k_m, q6_k: llama-quantize's
// per-tensor choice for that mix (without an importance matrix).
enum class SynthMix { F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL, IQ4_XS, Q4_K_M, Q6_K };
SynthMix synthMixFromName(const std::string& name);
std::vector<std::string> synthMixNames();

// The type llama-quantize would give this tensor in this mix (with its fallback for
// rows that are not a multiple of the block size). `layer` is -1 outside blk.N. nGqa: query
// heads per KV head (some rules depend on it, and 80 layers with nGqa > 1 is llama-quantize's 70B).
GgmlType synthTensorType(SynthMix mix, const std::string& role, int layer, int nLayer, int64_t rowLength,
                         int nGqa = 1);

struct SynthOptions {
    std::string preset = "tiny";
    SynthMix mix = SynthMix::F32;
    uint64_t seed = 1;
    std::string vocabPath; // empty: built-in byte-level vocabulary
    unsigned threads = 0;  // 0: all hardware threads
    bool sparse = false;   // header and tensor table only; the data is a hole reading as zeros
};

struct SynthResult {
    uint64_t tensorCount = 0;
    uint64_t parameters = 0;
    uint64_t fileBytes = 0;
};

SynthResult writeSyntheticModel(const SynthOptions& options, const std::string& outPath);

} // namespace realm
