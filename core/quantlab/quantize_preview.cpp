#include "quantlab/quantize_preview.h"

#include "quant/quantize.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace realm {

namespace {
constexpr int64_t kBlockElements = 1 << 18; // floats dequantized at a time (1 MiB)

int64_t matrices(const GgufTensorInfo& t) {
    return std::max<int64_t>(1, t.ne[2]);
}

void checkConvertible(const GgufTensorInfo& t, GgmlType to, std::span<const float> importance,
                      bool weighted) {
    const TypeTraits& from = typeTraits(t.type);
    const TypeTraits& target = typeTraits(to);
    if (!from.dequantize)
        throw Error("tensor " + t.name + " is " + from.name + ", which cannot be read as f32");
    if (!target.quantize) throw Error(std::string("quantizing to ") + target.name + " is not supported");
    if (t.rowLength() % target.blockSize != 0)
        throw Error("tensor " + t.name + " has rows of " + std::to_string(t.rowLength()) +
                    " values, which do not " + "split into " + target.name + " blocks of " +
                    std::to_string(target.blockSize));
    if (importance.empty()) return;
    if (static_cast<int64_t>(importance.size()) != t.rowLength() * matrices(t))
        throw Error("the importance matrix has " + std::to_string(importance.size()) + " values for " +
                    t.name + ", which needs " + std::to_string(t.rowLength() * matrices(t)));
    if (weighted && !hasWeightedQuantizer(to))
        throw Error(std::string("quantizing to ") + target.name +
                    " with an importance matrix is not supported");
}

// Runs every row through `to` and back, a block of rows at a time, handing each block's
// original and round-tripped values to `visit`. False when cancelled.
template <typename Visit>
bool roundTrip(const GgufTensorInfo& t, GgmlType to, std::span<const float> importance,
               const JobControl* control, double progressFrom, Visit visit) {
    const int64_t rowLength = t.rowLength(), rows = t.rows();
    const int64_t blockRows = std::max<int64_t>(1, kBlockElements / std::max<int64_t>(1, rowLength));
    std::vector<float> original(static_cast<size_t>(blockRows * rowLength)), back(original.size());
    std::vector<uint8_t> packed(static_cast<size_t>(blockRows * rowBytes(to, rowLength)));
    for (int64_t first = 0; first < rows; first += blockRows) {
        if (cancelled(control)) return false;
        const int64_t n = std::min(blockRows, rows - first);
        dequantizeRows(t.type, t.data + static_cast<uint64_t>(first) * t.rowBytes(), original.data(),
                       rowLength, n);
        if (importance.empty()) {
            quantizeRows(to, original.data(), packed.data(), rowLength, n);
        } else {
            const int64_t stride = rowBytes(to, rowLength);
            for (int64_t k = 0; k < n; ++k) // each matrix (expert) of the tensor has its own weights
                quantizeRowsWeighted(to, original.data() + k * rowLength, packed.data() + k * stride,
                                     rowLength, 1, importance.data() + (first + k) / t.ne[1] * rowLength);
        }
        dequantizeRows(to, packed.data(), back.data(), rowLength, n);
        visit(original.data(), back.data(), static_cast<size_t>(n * rowLength), first);
        if (control)
            control->progress(progressFrom +
                              0.5 * static_cast<double>(first + n) / static_cast<double>(rows));
    }
    return true;
}
} // namespace

QuantizationError previewQuantization(const GgufTensorInfo& t, GgmlType to, int bins,
                                      const JobControl* control, std::span<const float> importance,
                                      bool quantizeWithImportance) {
    checkConvertible(t, to, importance, quantizeWithImportance);
    // What the quantizer is given: the weights only when asked to use them.
    const std::span<const float> quantizerWeights =
        quantizeWithImportance ? importance : std::span<const float>();
    QuantizationError r;
    r.from = t.type;
    r.to = to;
    r.elements = t.elements();
    r.bytesFrom = t.bytes;
    r.bytesTo = static_cast<uint64_t>(rowBytes(to, t.rowLength())) * static_cast<uint64_t>(t.rows());
    r.requantized = typeTraits(t.type).quantized;
    r.histogram.assign(static_cast<size_t>(std::max(1, bins)), 0);
    r.weighted = !quantizerWeights.empty();

    const auto rowLength = static_cast<size_t>(t.rowLength());
    double sumSq = 0, normSq = 0, weightedSq = 0, weightSum = 0;
    const bool complete =
        roundTrip(t, to, quantizerWeights, control, 0.0,
                  [&](const float* x, const float* q, size_t n, int64_t firstRow) {
                      for (size_t i = 0; i < n; ++i) {
                          const double e = static_cast<double>(q[i]) - x[i];
                          sumSq += e * e;
                          normSq += static_cast<double>(x[i]) * x[i];
                          r.maxAbsError = std::max(r.maxAbsError, std::abs(e));
                      }
                      if (importance.empty()) return;
                      for (size_t i = 0; i < n; ++i) {
                          const int64_t row = firstRow + static_cast<int64_t>(i / rowLength);
                          const double w =
                              importance[static_cast<size_t>(row / t.ne[1]) * rowLength + i % rowLength];
                          const double e = static_cast<double>(q[i]) - x[i];
                          weightedSq += w * e * e;
                          weightSum += w;
                      }
                  });
    if (!complete) {
        r.cancelled = true;
        return r;
    }
    r.rmse = r.elements > 0 ? std::sqrt(sumSq / static_cast<double>(r.elements)) : 0;
    if (normSq > 0)
        r.relativeError = std::sqrt(sumSq / normSq);
    else if (sumSq > 0)
        r.relativeError = INFINITY;
    if (weightSum > 0) r.weightedRmse = std::sqrt(weightedSq / weightSum);

    // Second pass: the bins span ±maxAbsError, known only now.
    const auto nBins = static_cast<int64_t>(r.histogram.size());
    const double scale = r.maxAbsError > 0 ? static_cast<double>(nBins) / (2 * r.maxAbsError) : 0;
    r.cancelled = !roundTrip(
        t, to, quantizerWeights, control, 0.5, [&](const float* x, const float* q, size_t n, int64_t) {
            for (size_t i = 0; i < n; ++i) {
                const double e = static_cast<double>(q[i]) - x[i];
                const auto bin = scale > 0 ? static_cast<int64_t>((e + r.maxAbsError) * scale) : nBins / 2;
                ++r.histogram[static_cast<size_t>(std::clamp<int64_t>(bin, 0, nBins - 1))];
            }
        });
    return r;
}

} // namespace realm
