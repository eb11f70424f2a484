// The simplest correct matmul: dequantize one weight row at a time, double accumulation.
// matmul() (compute/matmul.cpp) is cross-checked against this.
#include "compute/matmul.h"

#include <vector>

namespace realm {

void matmulReference(const WeightView& w, const float* x, int64_t nTokens, float* y) {
    std::vector<float> row(static_cast<size_t>(w.cols));
    const int64_t stride = rowBytes(w.type, w.cols);
    for (int64_t r = 0; r < w.rows; ++r) {
        dequantizeRows(w.type, static_cast<const uint8_t*>(w.data) + r * stride, row.data(), w.cols, 1);
        for (int64_t t = 0; t < nTokens; ++t) {
            const float* xt = x + t * w.cols;
            double acc = 0;
            for (int64_t c = 0; c < w.cols; ++c)
                acc += static_cast<double>(row[c]) * xt[c];
            y[t * w.rows + r] = static_cast<float>(acc);
        }
    }
}

} // namespace realm
