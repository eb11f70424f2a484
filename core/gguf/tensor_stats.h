#pragma once
#include "gguf/gguf_file.h"
#include "util/job_control.h"

#include <array>
#include <cstdint>
#include <vector>

namespace realm {

struct TensorStats {
    double min = 0, max = 0, mean = 0, std = 0, absMax = 0;
    uint64_t count = 0, zeros = 0, nan = 0, inf = 0;
    // 64 equal bins over [min, max] of the finite values.
    std::array<uint64_t, 64> histogram{};
};

// Dequantizes the tensor row by row (never the whole tensor at once). `control` is polled
// between rows (a cancelled run returns what it has) and told the fraction done every few rows.
TensorStats computeTensorStats(const GgufTensorInfo& tensor, const JobControl* control = nullptr);

} // namespace realm
