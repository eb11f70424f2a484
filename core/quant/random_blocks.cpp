#include "quant/random_blocks.h"

#include "quant/float_formats.h"

#include <cstring>

namespace realm {

namespace {
// Byte offsets of the binary16 scale fields in one block.
std::vector<size_t> halfScaleOffsets(GgmlType t) {
    switch (t) {
    case GgmlType::Q4_0: case GgmlType::Q5_0: case GgmlType::Q8_0: case GgmlType::IQ4_NL:
    case GgmlType::IQ4_XS: return {0};
    case GgmlType::Q4_1: case GgmlType::Q5_1: case GgmlType::Q4_K: case GgmlType::Q5_K: return {0, 2};
    case GgmlType::Q2_K: return {80, 82};
    case GgmlType::Q3_K: return {108};
    case GgmlType::Q6_K: return {208};
    default: return {};
    }
}
} // namespace

std::vector<uint8_t> randomWeightBytes(GgmlType t, int64_t rows, int64_t cols, std::mt19937& rng, float floatStd) {
    std::vector<uint8_t> data(static_cast<size_t>(rowBytes(t, cols) * rows));
    std::uniform_int_distribution<int> byte(0, 255);
    std::normal_distribution<float> normal(0.0f, floatStd);
    std::uniform_real_distribution<float> scale(0.002f, 0.03f);
    if (t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16) {
        const int64_t n = rows * cols;
        for (int64_t i = 0; i < n; ++i) {
            const float v = normal(rng);
            if (t == GgmlType::F32) std::memcpy(&data[4 * i], &v, 4);
            const uint16_t h = t == GgmlType::F16 ? floatToHalf(v) : floatToBf16(v);
            if (t != GgmlType::F32) std::memcpy(&data[2 * i], &h, 2);
        }
        return data;
    }
    for (auto& b : data) b = static_cast<uint8_t>(byte(rng));
    const TypeTraits& tr = typeTraits(t);
    const int64_t blocks = rows * cols / tr.blockSize;
    for (int64_t i = 0; i < blocks; ++i)
        for (size_t off : halfScaleOffsets(t)) {
            const uint16_t h = floatToHalf(scale(rng) * (byte(rng) < 32 ? -1.0f : 1.0f));
            std::memcpy(&data[static_cast<size_t>(i * tr.blockBytes) + off], &h, 2);
        }
    return data;
}

} // namespace realm
