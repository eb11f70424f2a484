#include "quantlab/error_map.h"

#include <algorithm>
#include <cmath>

namespace realm {

namespace {
constexpr int64_t kBlockElements = 1 << 18; // floats per side dequantized at a time (1 MiB)
}

TensorErrorMap tensorErrorMap(const GgufTensorInfo& a, const GgufTensorInfo& b, int width, int height,
                              const JobControl* control) {
    TensorErrorMap m;
    m.rows = a.rows();
    m.cols = a.rowLength();
    m.width = static_cast<int>(std::clamp<int64_t>(width, 1, std::max<int64_t>(1, m.cols)));
    m.height = static_cast<int>(std::clamp<int64_t>(height, 1, std::max<int64_t>(1, m.rows)));
    const size_t cellCount = static_cast<size_t>(m.width) * static_cast<size_t>(m.height);
    std::vector<double> sumSq(cellCount, 0.0);
    std::vector<int64_t> count(cellCount, 0);
    const int64_t blockRows = std::max<int64_t>(1, kBlockElements / std::max<int64_t>(1, m.cols));
    std::vector<float> va(static_cast<size_t>(blockRows * m.cols)), vb(va.size());
    for (int64_t first = 0; first < m.rows; first += blockRows) {
        if (cancelled(control)) break;
        const int64_t n = std::min(blockRows, m.rows - first);
        dequantizeRows(a.type, a.data + static_cast<uint64_t>(first) * a.rowBytes(), va.data(), m.cols, n);
        dequantizeRows(b.type, b.data + static_cast<uint64_t>(first) * b.rowBytes(), vb.data(), m.cols, n);
        for (int64_t r = 0; r < n; ++r) {
            const size_t y = static_cast<size_t>((first + r) * m.height / m.rows);
            for (int64_t c = 0; c < m.cols; ++c) {
                const size_t i = static_cast<size_t>(r * m.cols + c);
                const double e = double(vb[i]) - double(va[i]);
                const size_t cell =
                    y * static_cast<size_t>(m.width) + static_cast<size_t>(c * m.width / m.cols);
                sumSq[cell] += e * e;
                ++count[cell];
            }
        }
        if (control) control->progress(static_cast<double>(first + n) / static_cast<double>(m.rows));
    }
    m.cells.assign(cellCount, 0.f);
    for (size_t i = 0; i < cellCount; ++i) {
        if (count[i] > 0)
            m.cells[i] = static_cast<float>(std::sqrt(sumSq[i] / static_cast<double>(count[i])));
        m.max = std::max(m.max, m.cells[i]);
    }
    return m;
}

} // namespace realm
