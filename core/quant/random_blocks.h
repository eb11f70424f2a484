#pragma once
#include "quant/ggml_type.h"

#include <cstdint>
#include <random>
#include <vector>

namespace realm {

// A rows × cols weight matrix of `type` for kernel tests and benchmarks: float types get
// N(0, floatStd) values; quantized types get random block bytes with every binary16 scale
// set to a sane signed value (random halves would include Inf/NaN and huge scales).
std::vector<uint8_t> randomWeightBytes(GgmlType type, int64_t rows, int64_t cols, std::mt19937& rng,
                                       float floatStd = 1.0f);

// The binary16 scale fields to put in every block of a quantized type so that blocks of
// otherwise random bytes dequantize to values with mean ≈ 0 and the given RMS (measured
// on sample blocks, so it holds for every layout). Throws realm::Error for types whose
// blocks have no such field (float types, the grid-based i-quants).
struct BlockScales {
    uint16_t first = 0, second = 0; // d, and dmin / m where the type has one
};
BlockScales blockScalesFor(GgmlType type, float rms);

// Writes `count` blocks of `type` starting at block `firstBlock` of a stream that depends
// only on `seed`: random bytes with the scale fields set to `scales`. Any split of a
// tensor into calls gives the same bytes.
void fillRandomBlocks(GgmlType type, uint8_t* dst, int64_t firstBlock, int64_t count, uint64_t seed,
                      const BlockScales& scales);

} // namespace realm
