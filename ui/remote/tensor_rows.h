#pragma once
#include "gguf/gguf_file.h"
#include "util/job_control.h"

#include <cstdint>
#include <vector>

namespace realm::ui {

class RemoteFile;

// Rows [first, first + count) of t as a tensor of their own: a view into the mapping, or the
// bytes fetched from the server (only those) when remote is set. The whole tensor keeps its
// shape. A cancelled fetch leaves the rest zero (the job's result is dropped).
struct TensorRows {
    GgufTensorInfo view;
    std::vector<uint8_t> bytes;
};
TensorRows tensorRows(const GgufTensorInfo& t, RemoteFile* remote, int64_t first, int64_t count,
                      const JobControl& control, bool reportProgress = false);

} // namespace realm::ui
