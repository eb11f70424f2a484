#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace realm {

// NumPy's .npy format, version 1.0, little-endian float32, C order: what numpy.load reads.
void writeNpy(const std::string& path, const std::vector<int64_t>& shape, const float* values);

struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> values;
};
// Reads what writeNpy writes ('<f4', C order); anything else → realm::Error naming the file.
NpyArray readNpy(const std::string& path);

} // namespace realm
