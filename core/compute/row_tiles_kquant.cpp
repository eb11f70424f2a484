// Unpacking K-quant rows into the interleaved tile format (portable code: it runs once per
// 8 rows per matmul, the per-token work is in the ISA-specific runners).
//
// Per super-block of 256 columns and 8 rows, in this order:
//   q        2048 bytes: column group g (4 columns) of row r at g * 32 + r * 4, unsigned
//   scales   (256 / colsPerScale) vectors of 16 int16: lanes 2r and 2r+1 hold row r's scale
//   offsets  8 vectors of 16 int16: lanes 2r, 2r+1 hold row r's coefficients of the
//            activation sums bsums[2p], bsums[2p+1] (16-column groups)
//   d, dOff  8 floats each
// Row r, super-block result: y.d * (d[r] * Σ scale·(q·x) − dOff[r] * Σ offset·bsum).
#include "compute/row_tiles.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"

#include <cstring>

namespace realm {

namespace {
namespace b = realm::blocks;

constexpr int kRows = 8;

// One row's super-block, unpacked (the values only when asked for): unsigned values, per-span scales,
// per-16-column offset coefficients and the two float multipliers.
struct UnpackedBlock {
    uint8_t q[256];
    int16_t scale[16];
    int16_t offset[16];
    float d, dOff;
};

// The eight 6-bit scales and mins of a Q4_K / Q5_K super-block (ggml's 12-byte packing),
// four at a time through 32-bit words.
void unpackScalesK4(const uint8_t* packed, UnpackedBlock& u) {
    constexpr uint32_t kLow6 = 0x3f3f3f3f, kLow4 = 0x0f0f0f0f, kLow2 = 0x03030303;
    uint32_t w[3];
    std::memcpy(w, packed, 12);
    const uint32_t words[4] = {w[0] & kLow6, (w[2] & kLow4) | (((w[0] >> 6) & kLow2) << 4), w[1] & kLow6,
                               ((w[2] >> 4) & kLow4) | (((w[1] >> 6) & kLow2) << 4)};
    uint8_t bytes[16]; // the 8 scales, then the 8 mins
    std::memcpy(bytes, words, 16);
    for (int j = 0; j < 8; ++j) {
        u.scale[j] = bytes[j];
        u.offset[2 * j] = u.offset[2 * j + 1] = bytes[8 + j];
    }
}

void unpackQ4_K(const void* block, UnpackedBlock& u, bool withValues) {
    const auto& x = *static_cast<const b::Q4_K*>(block);
    for (int j = 0; j < 4 * withValues; ++j)
        for (int l = 0; l < 32; ++l) {
            u.q[64 * j + l] = x.qs[32 * j + l] & 0xF;
            u.q[64 * j + 32 + l] = x.qs[32 * j + l] >> 4;
        }
    unpackScalesK4(x.scales, u);
    u.d = halfToFloat(x.d);
    u.dOff = halfToFloat(x.dmin);
}

void unpackQ5_K(const void* block, UnpackedBlock& u, bool withValues) {
    const auto& x = *static_cast<const b::Q5_K*>(block);
    for (int j = 0; j < 4 * withValues; ++j)
        for (int l = 0; l < 32; ++l) {
            u.q[64 * j + l] =
                static_cast<uint8_t>((x.qs[32 * j + l] & 0xF) | (((x.qh[l] >> (2 * j)) & 1) << 4));
            u.q[64 * j + 32 + l] =
                static_cast<uint8_t>((x.qs[32 * j + l] >> 4) | (((x.qh[l] >> (2 * j + 1)) & 1) << 4));
        }
    unpackScalesK4(x.scales, u);
    u.d = halfToFloat(x.d);
    u.dOff = halfToFloat(x.dmin);
}

// Q6_K values are q - 32: the -32 goes into the offset term as 32·scale per 16 columns.
void unpackQ6_K(const void* block, UnpackedBlock& u, bool withValues) {
    const auto& x = *static_cast<const b::Q6_K*>(block);
    for (int half = 0; half < 2 * withValues; ++half) {
        const uint8_t* ql = x.ql + 64 * half;
        const uint8_t* qh = x.qh + 32 * half;
        uint8_t* q = u.q + 128 * half;
        for (int l = 0; l < 32; ++l) {
            q[l] = static_cast<uint8_t>((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4));
            q[l + 32] = static_cast<uint8_t>((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4));
            q[l + 64] = static_cast<uint8_t>((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4));
            q[l + 96] = static_cast<uint8_t>((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4));
        }
    }
    for (int g = 0; g < 16; ++g) {
        u.scale[g] = x.scales[g];
        u.offset[g] = static_cast<int16_t>(32 * x.scales[g]);
    }
    u.d = u.dOff = halfToFloat(x.d);
}

// Everything but the values: scales, offset coefficients and the float multipliers.
template <int ColsPerScale> void writeScales(const UnpackedBlock* u, uint8_t* tileBlock) {
    constexpr int kScales = 256 / ColsPerScale;
    auto* scales = reinterpret_cast<int16_t*>(tileBlock + 2048);
    for (int s = 0; s < kScales; ++s)
        for (int r = 0; r < kRows; ++r)
            scales[16 * s + 2 * r] = scales[16 * s + 2 * r + 1] = u[r].scale[s];
    int16_t* offsets = scales + 16 * kScales;
    for (int p = 0; p < 8; ++p)
        for (int r = 0; r < kRows; ++r) {
            offsets[16 * p + 2 * r] = u[r].offset[2 * p];
            offsets[16 * p + 2 * r + 1] = u[r].offset[2 * p + 1];
        }
    auto* d = reinterpret_cast<float*>(offsets + 16 * 8);
    for (int r = 0; r < kRows; ++r) {
        d[r] = u[r].d;
        d[8 + r] = u[r].dOff;
    }
}

template <void (*Unpack)(const void*, UnpackedBlock&, bool), size_t BlockBytes, int ColsPerScale>
void packTile(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile, bool withValues) {
    constexpr size_t tileBlockBytes = kernels::kquantTileBlockBytes(ColsPerScale);
    UnpackedBlock u[kRows];
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += tileBlockBytes) {
        for (int r = 0; r < kRows; ++r)
            Unpack(rows + r * rowStride + i * BlockBytes, u[r], withValues);
        if (withValues)
            for (int g = 0; g < 64; ++g)
                for (int r = 0; r < kRows; ++r)
                    std::memcpy(tile + 32 * g + 4 * r, u[r].q + 4 * g, 4);
        writeScales<ColsPerScale>(u, tile);
    }
}
} // namespace

namespace kernels {
void packTileKQuant(GgmlType type, const uint8_t* rows, size_t rowStride, int64_t n, uint8_t* tile,
                    bool withValues) {
    switch (type) {
    case GgmlType::Q4_K:
        packTile<unpackQ4_K, sizeof(b::Q4_K), 32>(rows, rowStride, n, tile, withValues);
        break;
    case GgmlType::Q5_K:
        packTile<unpackQ5_K, sizeof(b::Q5_K), 32>(rows, rowStride, n, tile, withValues);
        break;
    case GgmlType::Q6_K:
        packTile<unpackQ6_K, sizeof(b::Q6_K), 16>(rows, rowStride, n, tile, withValues);
        break;
    default:
        break;
    }
}

void packTileScaledKQuant(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride, int64_t n,
                          uint8_t* tile) {
    const bool q6 = type == GgmlType::Q6_K;
    const int subs = q6 ? 16 : 8;
    const size_t blockBytes = static_cast<size_t>(typeTraits(type).blockBytes);
    UnpackedBlock u;
    for (int64_t i = 0; i < n; ++i) {
        auto* scales = reinterpret_cast<int32_t*>(tile + 256 * tileRows);
        int32_t* mins = scales + subs * tileRows;
        auto* d = reinterpret_cast<float*>(q6 ? mins : mins + 8 * tileRows);
        for (int r = 0; r < tileRows; ++r) {
            switch (type) {
            case GgmlType::Q4_K:
                unpackQ4_K(rows + r * rowStride + i * blockBytes, u, true);
                break;
            case GgmlType::Q5_K:
                unpackQ5_K(rows + r * rowStride + i * blockBytes, u, true);
                break;
            default:
                unpackQ6_K(rows + r * rowStride + i * blockBytes, u, true);
                break;
            }
            for (int c = 0; c < 256; ++c)
                tile[(c / 4) * 4 * tileRows + 4 * r + c % 4] = u.q[c];
            for (int j = 0; j < subs; ++j)
                scales[j * tileRows + r] = u.scale[j];
            d[r] = u.d;
            if (!q6) {
                for (int j = 0; j < 8; ++j)
                    mins[j * tileRows + r] = u.offset[2 * j];
                d[tileRows + r] = u.dOff;
            }
        }
        tile = reinterpret_cast<uint8_t*>(d + (q6 ? 1 : 2) * tileRows);
    }
}
} // namespace kernels

} // namespace realm
