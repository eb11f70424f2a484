#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace realm {

// One weight matrix's entry of an importance matrix (llama-imatrix): per input column the sum
// of the squared activations it saw, for each of its `counts.size()` matrices (experts).
struct ImatrixEntry {
    std::string name;            // the weight's tensor name, "blk.0.attn_q.weight"
    std::vector<float> sums;     // counts.size() × rowLength()
    std::vector<int64_t> counts; // activations summed per matrix (legacy files: the call count)
    int64_t rowLength() const {
        return counts.empty() ? 0 : static_cast<int64_t>(sums.size() / counts.size());
    }
    // What llama-quantize weighs the columns by: the mean squared activation, sums / count per
    // matrix (1 where a matrix saw nothing; legacy files store sums already averaged per call).
    std::vector<float> importance(bool legacy) const;
};

struct Imatrix {
    std::string path;    // as given to readImatrix
    bool legacy = false; // the .dat format (before the GGUF one)
    std::vector<std::string> datasets;
    int64_t chunkCount = 0, chunkSize = 0; // 0: not recorded
    std::vector<ImatrixEntry> entries;     // by name
    const ImatrixEntry* find(const std::string& name) const;
};

// Reads either format (GGUF when the file starts with "GGUF"). Throws realm::Error naming the
// file, the entry and what is wrong for a truncated or inconsistent file or non-finite values
// (which llama-quantize refuses too).
Imatrix readImatrix(const std::string& path);

// llama-imatrix --show-statistics' figures of an entry, over its matrices that saw activations.
struct ImatrixStats {
    int64_t values = 0; // N
    double sum = 0;     // Σ(Act²)
    double min = 0, max = 0, mean = 0, std = 0;
    double active = 0;  // fraction of columns with |importance| > 1e-5
    double entropy = 0; // of the columns' share of the sum, bits
    double zd = 0;      // fraction of columns more than one standard deviation above the mean
};
ImatrixStats imatrixStats(const ImatrixEntry& entry);

} // namespace realm
