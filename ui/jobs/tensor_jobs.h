#pragma once
// The heavy per-tensor computations of the inspector. Run on worker threads only.
#include "document/model_types.h"

#include "gguf/gguf_file.h"

#include <atomic>

namespace realm::ui {

// Throw realm::Error on tensors that cannot be dequantized; return early (partial) when cancelled.
TensorStatsResult computeStats(const GgufTensorInfo& t, int index, const std::atomic<bool>& cancel,
                               std::atomic<float>* progress);
RowResult dequantizeRow(const GgufTensorInfo& t, int index, int64_t row);
// Max-abs pooling of the region [row0, row0+regionRows) × [col0, col0+regionCols) to at most width × height
// cells.
HeatmapResult poolHeatmap(const GgufTensorInfo& t, int index, int64_t row0, int64_t col0, int64_t regionRows,
                          int64_t regionCols, int width, int height, const std::atomic<bool>& cancel);
// The fp16 scale `d` of every block, for the types whose block layout has one.
BlockScalesResult blockScales(const GgufTensorInfo& t, int index, const std::atomic<bool>& cancel);

// Summary of an opened file: metadata and tensors copied into Qt types.
// cancel, when set, stops it early with GgufOpenCancelled (vocabularies can be long).
ModelSummary summarize(const GgufFile& file, const std::atomic<bool>* cancel = nullptr);

} // namespace realm::ui
