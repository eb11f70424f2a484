#include "gguf/tensor_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace realm {

TensorStats computeTensorStats(const GgufTensorInfo& t, const JobControl* control) {
    TensorStats s;
    const int64_t rows = t.rows(), n = t.rowLength();
    std::vector<float> row(static_cast<size_t>(n));
    double sum = 0, sumSq = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    // Two passes: the histogram needs the range first.
    for (int pass = 0; pass < 2; ++pass) {
        for (int64_t r = 0; r < rows; ++r) {
            if (cancelled(control)) return s;
            dequantizeRows(t.type, t.data + r * t.rowBytes(), row.data(), n, 1);
            for (float v : row) {
                if (pass == 0) {
                    ++s.count;
                    if (std::isnan(v)) {
                        ++s.nan;
                        continue;
                    }
                    if (std::isinf(v)) {
                        ++s.inf;
                        continue;
                    }
                    if (v == 0.0f) ++s.zeros;
                    lo = std::min<double>(lo, v);
                    hi = std::max<double>(hi, v);
                    sum += v;
                    sumSq += static_cast<double>(v) * v;
                } else if (std::isfinite(v)) {
                    const double span = hi - lo;
                    int bin = span > 0 ? static_cast<int>((v - lo) / span * 64.0) : 0;
                    s.histogram[static_cast<size_t>(std::clamp(bin, 0, 63))]++;
                }
            }
            if (control && (r & 63) == 63) control->progress(double(pass * rows + r + 1) / double(2 * rows));
        }
    }
    const uint64_t finite = s.count - s.nan - s.inf;
    if (finite) {
        s.min = lo;
        s.max = hi;
        s.mean = sum / static_cast<double>(finite);
        s.std = std::sqrt(std::max(0.0, sumSq / static_cast<double>(finite) - s.mean * s.mean));
        s.absMax = std::max(std::fabs(lo), std::fabs(hi));
    }
    return s;
}

} // namespace realm
