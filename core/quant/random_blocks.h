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

} // namespace realm
