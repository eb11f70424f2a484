#pragma once
// The heavy per-tensor computations of the inspector. Run on worker threads only.
#include "document/model_types.h"

#include "gguf/gguf_file.h"
#include "util/job_control.h"

namespace realm::ui {

// Throw realm::Error on tensors that cannot be dequantized; return early (partial) when cancelled.
TensorStatsResult computeStats(const GgufTensorInfo& t, int index, const JobControl& control);
// Also fills the chart's points (see RowResult::chart).
RowResult dequantizeRow(const GgufTensorInfo& t, int index, int64_t row);
constexpr int RowChartPoints = 1024;
// Max-abs pooling of the region [row0, row0+regionRows) × [col0, col0+regionCols) to at most width × height
// cells.
HeatmapResult poolHeatmap(const GgufTensorInfo& t, int index, int64_t row0, int64_t col0, int64_t regionRows,
                          int64_t regionCols, int width, int height, const JobControl& control);
// The fp16 scale `d` of every block, for the types whose block layout has one.
BlockScalesResult blockScales(const GgufTensorInfo& t, int index, const JobControl& control);

// Summary of an opened file: metadata and tensors copied into Qt types.
// control, when set, stops it early with GgufOpenCancelled (vocabularies can be long).
ModelSummary summarize(const GgufFile& file, const JobControl* control = nullptr);

} // namespace realm::ui
