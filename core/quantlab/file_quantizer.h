#pragma once
#include "quantlab/imatrix.h"
#include "quantlab/quant_mix.h"
#include "util/job_control.h"

#include <string>
#include <vector>

namespace realm {

class ThreadPool;

struct QuantizedTensor {
    std::string name;
    GgmlType from = GgmlType::F32, to = GgmlType::F32;
    uint64_t bytesIn = 0, bytesOut = 0;
};

struct QuantizeReport {
    std::vector<QuantizedTensor> tensors; // in the order written (llama-quantize's)
    uint64_t bytesIn = 0, bytesOut = 0;
};

// Thrown when the JobControl asked to stop; the output file was not written.
class QuantizeCancelled : public Error {
  public:
    using Error::Error;
};

// What quantizeFile would write, without writing (llama-quantize --dry-run): tensors in the
// order written with their types and sizes.
QuantizeReport planQuantization(const GgufFile& in, const QuantFileType& fileType, bool withImatrix = false);

// Writes `in` quantized to `fileType` as llama-quantize does (its tensor types, order,
// metadata with general.file_type and general.quantization_version, tensor data byte for
// byte without an importance matrix) to `outPath`, through a temporary file renamed at the
// end: a failed, full or cancelled write leaves no OUT. Tensors that change type must be F32,
// F16 or BF16 (realm::Error naming the first that is not). pool (optional) quantizes rows in
// parallel; control: progress by bytes read,
// cancel between row blocks (QuantizeCancelled). imatrix: weigh the columns as llama-quantize
// --imatrix does (its quantize.imatrix.* keys too); an entry of the wrong size → realm::Error
// (the token embedding's is ignored, as llama-quantize does).
QuantizeReport quantizeFile(const GgufFile& in, const std::string& outPath, const QuantFileType& fileType,
                            ThreadPool* pool = nullptr, const JobControl* control = nullptr,
                            const Imatrix* imatrix = nullptr);

} // namespace realm
