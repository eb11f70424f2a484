#include "quant/random_blocks.h"

#include "quant/float_formats.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace realm {

namespace {
// Byte offsets of the binary16 scale fields in one block.
std::vector<size_t> halfScaleOffsets(GgmlType t) {
    switch (t) {
    case GgmlType::Q4_0:
    case GgmlType::Q5_0:
    case GgmlType::Q8_0:
    case GgmlType::IQ4_NL:
    case GgmlType::IQ4_XS:
        return {0};
    case GgmlType::Q4_1:
    case GgmlType::Q5_1:
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
        return {0, 2};
    case GgmlType::Q2_K:
        return {80, 82};
    case GgmlType::Q3_K:
        return {108};
    case GgmlType::Q6_K:
        return {208};
    default:
        return {};
    }
}

uint64_t splitmix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Mean and mean square of `blocks` sample blocks dequantized with the given scale fields.
std::pair<double, double> sampleMoments(GgmlType t, const BlockScales& s) {
    constexpr int64_t kBlocks = 512;
    const TypeTraits& tr = typeTraits(t);
    std::vector<uint8_t> bytes(static_cast<size_t>(kBlocks * tr.blockBytes));
    fillRandomBlocks(t, bytes.data(), 0, kBlocks, 0x5eed, s);
    std::vector<float> v(static_cast<size_t>(kBlocks * tr.blockSize));
    dequantizeRows(t, bytes.data(), v.data(), static_cast<int64_t>(v.size()), 1);
    double sum = 0, sum2 = 0;
    for (float x : v) {
        sum += x;
        sum2 += double(x) * x;
    }
    return {sum / double(v.size()), sum2 / double(v.size())};
}
} // namespace

void fillRandomBlocks(GgmlType t, uint8_t* dst, int64_t firstBlock, int64_t count, uint64_t seed,
                      const BlockScales& scales) {
    const TypeTraits& tr = typeTraits(t);
    const std::vector<size_t> offsets = halfScaleOffsets(t);
    const size_t size = static_cast<size_t>(tr.blockBytes);
    const uint64_t key = splitmix(seed + 0x9e3779b97f4a7c15ull);
    for (int64_t b = 0; b < count; ++b) {
        uint8_t* block = dst + static_cast<size_t>(b) * size;
        const uint64_t blockKey = key ^ (static_cast<uint64_t>(firstBlock + b) * 0xd1b54a32d192ed03ull);
        size_t i = 0;
        for (uint64_t w = 0; i < size; ++w, i += 8) {
            const uint64_t r = splitmix(blockKey + w * 0x9e3779b97f4a7c15ull);
            std::memcpy(block + i, &r, std::min<size_t>(8, size - i));
        }
        for (size_t k = 0; k < offsets.size(); ++k)
            std::memcpy(block + offsets[k], k ? &scales.second : &scales.first, 2);
    }
}

BlockScales blockScalesFor(GgmlType t, float rms) {
    const std::vector<size_t> offsets = halfScaleOffsets(t);
    if (offsets.empty())
        throw Error(std::string("random blocks: type ") + typeName(t) + " has no block scale to set");
    const uint16_t one = floatToHalf(1.0f);
    // Values are linear in the scale fields: v = d·a + second·b. Pick second so the mean is
    // zero, then scale both to the wanted RMS.
    double ratio = 0;
    if (offsets.size() == 2) {
        const double a = sampleMoments(t, {one, 0}).first, b = sampleMoments(t, {0, one}).first;
        if (b != 0) ratio = -a / b;
    }
    const double meanSquare = sampleMoments(t, {one, floatToHalf(static_cast<float>(ratio))}).second;
    const double d = rms / std::sqrt(meanSquare);
    return {floatToHalf(static_cast<float>(d)), floatToHalf(static_cast<float>(d * ratio))};
}

std::vector<uint8_t> randomWeightBytes(GgmlType t, int64_t rows, int64_t cols, std::mt19937& rng,
                                       float floatStd) {
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
    for (auto& b : data)
        b = static_cast<uint8_t>(byte(rng));
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
