#pragma once
#include "gguf/gguf_file.h"
#include "util/job_control.h"

#include <cstdint>
#include <span>
#include <vector>

namespace realm {

// What quantizing one tensor to another type would do to its values, computed without writing
// anything: every row is quantized as quantizeFile quantizes it (with or without an importance
// matrix) and dequantized again, and compared with the values the file holds.
struct QuantizationError {
    GgmlType from = GgmlType::F32, to = GgmlType::F32;
    int64_t elements = 0;
    uint64_t bytesFrom = 0, bytesTo = 0;
    double rmse = 0;          // sqrt(mean((q − x)²))
    double maxAbsError = 0;   // max |q − x|
    double relativeError = 0; // ‖q − x‖ / ‖x‖ (0 when both are zero)
    // Given the columns' importance: sqrt(Σ w·(q − x)² / Σ w), w the column's importance, the
    // error the weighted quantizers minimise (0 without it).
    double weightedRmse = 0;
    bool weighted = false; // quantized with the importance (as quantize --imatrix)
    // Counts of q − x over [−maxAbsError, maxAbsError] in equal bins (all in the middle one when
    // nothing changes).
    std::vector<uint64_t> histogram;
    // `from` is a quantized type: x are its dequantized values, so the figures say what a second
    // quantization adds, not how far the result is from the original weights.
    bool requantized = false;
    bool cancelled = false; // stopped between row blocks: the figures are partial
};

// Throws realm::Error naming the tensor when it cannot be dequantized, `to` cannot be written,
// or its rows do not split into `to`'s blocks. control: progress over both passes (the
// histogram needs the maximum first), cancel between row blocks. importance (optional): the
// columns' weights as ImatrixEntry::importance gives them, rowLength per matrix (expert), for
// weightedRmse (realm::Error when the size does not fit); quantizeWithImportance: the rows are
// also quantized with them, as quantizeFile does with an importance matrix (realm::Error when
// `to` has no weighted quantizer).
QuantizationError previewQuantization(const GgufTensorInfo& t, GgmlType to, int bins = 64,
                                      const JobControl* control = nullptr,
                                      std::span<const float> importance = {},
                                      bool quantizeWithImportance = false);

} // namespace realm
