// Quantizers guided by an importance matrix: ggml's quantize_q4_0 … q5_1 and q2_K … q6_K with quant_weights.
// In the 32-blocks each value's weight is its column's importance times sqrt(σ² + x²), σ² the
// row's mean square; Q6_K weighs by the importance alone.
#include "quant/quantize.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"
#include "quant/ggml_type.h"
#include "quant/quant_search.h"
#include "util/error.h"

#include <cmath>
#include <cstring>
#include <string>

namespace realm {

namespace {
namespace b = blocks;
using quant_search::makeQkx2Quants;
using quant_search::makeQxQuants;

constexpr int kBlock = 32;

float meanSquare(const float* x, int64_t n) {
    float sum = 0;
    for (int64_t j = 0; j < n; ++j)
        sum += x[j] * x[j];
    return sum / static_cast<float>(n);
}

void blockWeights(const float* x, const float* importance, float sigma2, float* weights) {
    for (int j = 0; j < kBlock; ++j)
        weights[j] = importance[j] * std::sqrt(sigma2 + x[j] * x[j]);
}

// Low nibbles: elements 0…15, high nibbles: 16…31; the fifth bits (Q5) go to qh.
template <class Block> void packNibbles(const uint8_t* L, Block& y) {
    for (int j = 0; j < 16; ++j)
        y.qs[j] = static_cast<uint8_t>((L[j] & 0x0F) | ((L[j + 16] & 0x0F) << 4));
}

void packFifthBits(const uint8_t* L, uint8_t* qhOut) {
    uint32_t qh = 0;
    for (int j = 0; j < 16; ++j) {
        qh |= static_cast<uint32_t>((L[j] & 0x10u) >> 4) << j;
        qh |= static_cast<uint32_t>((L[j + 16] & 0x10u) >> 4) << (j + 16);
    }
    std::memcpy(qhOut, &qh, 4);
}

// Q4_0 / Q5_0: symmetric levels around nmax.
template <class Block, bool FifthBit>
void symmetricRow(const float* x, Block* y, int64_t n, const float* importance, int nmax) {
    const float sigma2 = meanSquare(x, n);
    float weights[kBlock];
    int8_t levels[kBlock];
    for (int64_t ib = 0; ib < n / kBlock; ++ib) {
        const float* xb = x + ib * kBlock;
        blockWeights(xb, importance + ib * kBlock, sigma2, weights);
        y[ib].d = floatToHalf(makeQxQuants(kBlock, nmax, xb, levels, weights));
        uint8_t L[kBlock];
        for (int j = 0; j < kBlock; ++j)
            L[j] = static_cast<uint8_t>(levels[j]);
        packNibbles(L, y[ib]);
        if constexpr (FifthBit) packFifthBits(L, y[ib].qh);
    }
}

// Q4_1 / Q5_1: levels 0…nmax above a minimum.
template <class Block, bool FifthBit>
void asymmetricRow(const float* x, Block* y, int64_t n, const float* importance, int nmax) {
    const float sigma2 = meanSquare(x, n);
    float weights[kBlock];
    uint8_t L[kBlock], aux[kBlock];
    for (int64_t ib = 0; ib < n / kBlock; ++ib) {
        const float* xb = x + ib * kBlock;
        blockWeights(xb, importance + ib * kBlock, sigma2, weights);
        float min;
        const float d = makeQkx2Quants(kBlock, nmax, xb, weights, L, &min, aux, -0.9f, 0.05f, 36, false);
        y[ib].d = floatToHalf(d);
        y[ib].m = floatToHalf(-min);
        packNibbles(L, y[ib]);
        if constexpr (FifthBit) packFifthBits(L, y[ib].qh);
    }
}
} // namespace

bool hasWeightedQuantizer(GgmlType type) {
    switch (type) {
    case GgmlType::Q4_0:
    case GgmlType::Q4_1:
    case GgmlType::Q5_0:
    case GgmlType::Q5_1:
    case GgmlType::Q2_K:
    case GgmlType::Q3_K:
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
    case GgmlType::Q6_K:
    case GgmlType::Q8_0: // ggml's Q8_0 ignores the weights
        return true;
    default:
        return !typeTraits(type).quantized;
    }
}

void quantizeRowsWeighted(GgmlType type, const float* src, void* dst, int64_t rowLength, int64_t rows,
                          const float* importance) {
    if (!hasWeightedQuantizer(type))
        throw Error(std::string("quantizing to ") + typeName(type) +
                    " with an importance matrix is not supported");
    const int64_t stride = rowBytes(type, rowLength);
    for (int64_t r = 0; r < rows; ++r) {
        const float* x = src + r * rowLength;
        void* y = static_cast<uint8_t*>(dst) + r * stride;
        switch (type) {
        case GgmlType::Q4_0:
            symmetricRow<b::Q4_0, false>(x, static_cast<b::Q4_0*>(y), rowLength, importance, 8);
            break;
        case GgmlType::Q5_0:
            symmetricRow<b::Q5_0, true>(x, static_cast<b::Q5_0*>(y), rowLength, importance, 16);
            break;
        case GgmlType::Q4_1:
            asymmetricRow<b::Q4_1, false>(x, static_cast<b::Q4_1*>(y), rowLength, importance, 15);
            break;
        case GgmlType::Q5_1:
            asymmetricRow<b::Q5_1, true>(x, static_cast<b::Q5_1*>(y), rowLength, importance, 31);
            break;
        case GgmlType::Q2_K:
            quantizeRowQ2_KWeighted(x, y, rowLength, importance);
            break;
        case GgmlType::Q3_K:
            quantizeRowQ3_KWeighted(x, y, rowLength, importance);
            break;
        case GgmlType::Q4_K:
            quantizeRowQ4_KWeighted(x, y, rowLength, importance);
            break;
        case GgmlType::Q5_K:
            quantizeRowQ5_KWeighted(x, y, rowLength, importance);
            break;
        case GgmlType::Q6_K:
            quantizeRowQ6_KWeighted(x, y, rowLength, importance);
            break;
        default:
            quantizeRows(type, x, y, rowLength, 1);
        }
    }
}

} // namespace realm
