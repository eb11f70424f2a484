#pragma once
#include "gguf/gguf_file.h"
#include "util/job_control.h"

#include <string>
#include <vector>

namespace realm {

// How far tensor B is from tensor A (the reference), over every element.
struct TensorDifference {
    std::string name;
    GgmlType typeA = GgmlType::F32, typeB = GgmlType::F32;
    std::array<int64_t, 4> ne{1, 1, 1, 1};
    uint32_t nDims = 0;
    int64_t elements = 0;
    double rmse = 0;          // sqrt(mean((b − a)²))
    double maxAbsError = 0;   // max |b − a|
    double cosine = 1;        // a·b / (|a| |b|); 1 when both are zero
    double relativeError = 0; // |b − a| / |a| (Euclidean norms); 0 when both are zero
};

// Dequantizes both tensors a block of rows at a time (never a whole tensor) and compares them;
// rowRmse, if given, receives the RMSE of each row. The shapes must be equal (the caller checks).
TensorDifference compareTensors(const GgufTensorInfo& a, const GgufTensorInfo& b,
                                std::vector<float>* rowRmse = nullptr, const JobControl* control = nullptr);

struct FileComparison {
    std::vector<TensorDifference> tensors; // in A's order
    bool cancelled = false;                // stopped between tensors: the ones done
};

// Every tensor of A against B's tensor of the same name. Throws realm::Error naming the first
// mismatch when the two files differ in architecture, in their tensor names or in a shape.
// control is polled between row blocks and told the fraction of bytes done.
FileComparison compareFiles(const GgufFile& a, const GgufFile& b, const JobControl* control = nullptr);

} // namespace realm
