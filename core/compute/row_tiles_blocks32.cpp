// Portable packers for the 32-element-block and float tiles (formats in row_tiles.h): the
// reference the SIMD packers must reproduce byte for byte.
#include "compute/row_tiles.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"
#include "quant/iq_tables.h"

#include <cstring>

namespace realm::kernels {

namespace {
namespace b = realm::blocks;

// One block in column order: its integer values (what the per-row kernels multiply), its
// scale and, for Q4_1 / Q5_1, its min.
struct Block32 {
    int values[32];
    float d = 0, m = 0;
};

template <class Block> void nibbleValues(const Block& x, int offset, Block32& out) {
    for (int j = 0; j < 16; ++j) {
        out.values[j] = (x.qs[j] & 15) - offset;
        out.values[j + 16] = (x.qs[j] >> 4) - offset;
    }
}

template <class Block> void fiveBitValues(const Block& x, int offset, Block32& out) {
    uint32_t qh;
    std::memcpy(&qh, x.qh, 4);
    nibbleValues(x, 0, out);
    for (int j = 0; j < 32; ++j)
        out.values[j] += static_cast<int>(((qh >> j) & 1) << 4) - offset;
}

void decode(GgmlType type, const uint8_t* block, Block32& out) {
    switch (type) {
    case GgmlType::Q4_0: {
        const auto& x = *reinterpret_cast<const b::Q4_0*>(block);
        nibbleValues(x, 8, out);
        out.d = halfToFloat(x.d);
        break;
    }
    case GgmlType::Q4_1: {
        const auto& x = *reinterpret_cast<const b::Q4_1*>(block);
        nibbleValues(x, 0, out);
        out.d = halfToFloat(x.d);
        out.m = halfToFloat(x.m);
        break;
    }
    case GgmlType::Q5_0: {
        const auto& x = *reinterpret_cast<const b::Q5_0*>(block);
        fiveBitValues(x, 16, out);
        out.d = halfToFloat(x.d);
        break;
    }
    case GgmlType::Q5_1: {
        const auto& x = *reinterpret_cast<const b::Q5_1*>(block);
        fiveBitValues(x, 0, out);
        out.d = halfToFloat(x.d);
        out.m = halfToFloat(x.m);
        break;
    }
    case GgmlType::Q8_0: {
        const auto& x = *reinterpret_cast<const b::Q8_0*>(block);
        for (int j = 0; j < 32; ++j)
            out.values[j] = x.qs[j];
        out.d = halfToFloat(x.d);
        break;
    }
    case GgmlType::IQ4_NL: {
        const auto& x = *reinterpret_cast<const b::IQ4_NL*>(block);
        for (int j = 0; j < 16; ++j) {
            out.values[j] = iq::kIq4nlValues[x.qs[j] & 15];
            out.values[j + 16] = iq::kIq4nlValues[x.qs[j] >> 4];
        }
        out.d = halfToFloat(x.d);
        break;
    }
    default:
        break;
    }
}

float floatValue(GgmlType type, const uint8_t* row, int64_t c) {
    uint16_t h;
    switch (type) {
    case GgmlType::F16:
        std::memcpy(&h, row + 2 * c, 2);
        return halfToFloat(h);
    case GgmlType::BF16:
        std::memcpy(&h, row + 2 * c, 2);
        return bf16ToFloat(h);
    default: {
        float f;
        std::memcpy(&f, row + 4 * c, 4);
        return f;
    }
    }
}
} // namespace

void packTileBlocks32(GgmlType type, int tileRows, int valueOffset, const uint8_t* rows, size_t rowStride,
                      int64_t nBlocks, uint8_t* tile) {
    const size_t blockBytes = static_cast<size_t>(typeTraits(type).blockBytes);
    const bool hasMin = type == GgmlType::Q4_1 || type == GgmlType::Q5_1;
    Block32 x;
    for (int64_t i = 0; i < nBlocks; ++i) {
        uint8_t* values = tile;
        auto* d = reinterpret_cast<float*>(values + 32 * tileRows);
        float* m = d + tileRows;
        for (int r = 0; r < tileRows; ++r) {
            decode(type, rows + r * rowStride + i * blockBytes, x);
            for (int j = 0; j < 32; ++j)
                values[(j / 4) * 4 * tileRows + 4 * r + j % 4] =
                    static_cast<uint8_t>(x.values[j] + valueOffset);
            d[r] = x.d;
            if (hasMin) m[r] = x.m;
        }
        tile = reinterpret_cast<uint8_t*>(hasMin ? m + tileRows : m);
    }
}

void packTileIQ4_XS(int tileRows, int valueOffset, const uint8_t* rows, size_t rowStride,
                    int64_t nSuperBlocks, uint8_t* tile) {
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += 292 * tileRows) {
        auto* scales = reinterpret_cast<int32_t*>(tile + 256 * tileRows);
        auto* d = reinterpret_cast<float*>(scales + 8 * tileRows);
        for (int r = 0; r < tileRows; ++r) {
            const auto& x = reinterpret_cast<const b::IQ4_XS*>(rows + r * rowStride)[i];
            for (int j = 0; j < 8; ++j) {
                scales[j * tileRows + r] =
                    (((x.scales_l[j / 2] >> (4 * (j % 2))) & 15) | (((x.scales_h >> (2 * j)) & 3) << 4)) - 32;
                for (int c = 0; c < 32; ++c) {
                    const int nibble = c < 16 ? x.qs[16 * j + c] & 15 : x.qs[16 * j + c - 16] >> 4;
                    tile[(8 * j + c / 4) * 4 * tileRows + 4 * r + c % 4] =
                        static_cast<uint8_t>(iq::kIq4nlValues[nibble] + valueOffset);
                }
            }
            d[r] = halfToFloat(x.d);
        }
    }
}

void packTileFloat(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                   uint8_t* tile) {
    auto* out = reinterpret_cast<float*>(tile);
    for (int64_t c = 0; c < 32 * nBlocks; ++c)
        for (int r = 0; r < tileRows; ++r)
            *out++ = floatValue(type, rows + r * rowStride, c);
}

void packTileFloatRows(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                       uint8_t* tile) {
    auto* out = reinterpret_cast<float*>(tile);
    for (int r = 0; r < tileRows; ++r)
        for (int64_t c = 0; c < 32 * nBlocks; ++c)
            *out++ = floatValue(type, rows + r * rowStride, c);
}

} // namespace realm::kernels
