#pragma once
#include "gguf/gguf_file.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

namespace realm {

struct TensorStats {
    double min = 0, max = 0, mean = 0, std = 0, absMax = 0;
    uint64_t count = 0, zeros = 0, nan = 0, inf = 0;
    // 64 equal bins over [min, max] of the finite values.
    std::array<uint64_t, 64> histogram{};
};

// Dequantizes the tensor row by row (never the whole tensor at once). `cancel` is
// polled between rows; `progress` (0..1) is updated as rows complete.
TensorStats computeTensorStats(const GgufTensorInfo& tensor, const std::atomic<bool>* cancel = nullptr,
                               std::atomic<float>* progress = nullptr);

} // namespace realm
