#pragma once
#include "gguf/gguf_file.h"
#include "util/job_control.h"

#include <cstdint>
#include <vector>

namespace realm {

// Where in a tensor B differs from A: the rows × columns grid pooled to at most
// width × height cells, each the RMS of (b − a) over the elements it covers.
struct TensorErrorMap {
    int64_t rows = 0, cols = 0;
    int width = 0, height = 0;
    std::vector<float> cells; // height × width, row-major
    float max = 0;            // the largest cell
};

// Dequantizes both tensors a block of rows at a time, like compareTensors. The shapes must be
// equal (the caller checks). A cancelled run returns the cells reached (the rest are 0).
TensorErrorMap tensorErrorMap(const GgufTensorInfo& a, const GgufTensorInfo& b, int width, int height,
                              const JobControl* control = nullptr);

} // namespace realm
