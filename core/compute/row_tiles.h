#pragma once
#include "quant/ggml_type.h"

#include <cstddef>
#include <cstdint>

// Prompt-sized products for K-quant weights. Eight weight rows at a time are unpacked
// into a small interleaved int8 tile (thread-local scratch, a few tens of KB), then every
// token of the batch passes over it. One 32-byte vector holds 4 consecutive columns of
// all 8 rows, so a broadcast of 4 activation bytes feeds 8 rows at once and no horizontal
// sums are needed; the unpacking is paid once per 8 rows instead of once per token.
// The tile is transient: the weights themselves stay only in the mapping.
namespace realm {

inline constexpr int kTileRows = 8;
inline constexpr int kTileTokens = 4; // tokens per pass over a tile (6 measured no faster)

// Per super-block of 256 columns and 8 rows, in this order:
//   q        2048 bytes: column group g (4 columns) of row r at g * 32 + r * 4, unsigned
//   scales   (256 / colsPerScale) vectors of 16 int16: lanes 2r and 2r+1 hold row r's scale
//   offsets  8 vectors of 16 int16: lanes 2r, 2r+1 hold row r's coefficients of the
//            activation sums bsums[2p], bsums[2p+1] (16-column groups)
//   d, dOff  8 floats each
// Row r, super-block result: y.d * (d[r] * Σ scale·(q·x) − dOff[r] * Σ offset·bsum).
struct TileFormat {
    int colsPerScale;   // 32 (Q4_K, Q5_K) or 16 (Q6_K)
    int sumsPerMadd;    // column groups whose int16 products may be summed before widening
    size_t superBlockBytes() const { return 2048 + static_cast<size_t>(256 / colsPerScale) * 32 + 8 * 32 + 64; }
};

// Unpacks rows [0, 8) (row r at rows + r * rowStride) of nSuperBlocks super-blocks.
using PackTileFn = void (*)(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile);

// y[t * yStride + r] = row r · token t for r < 8, t < nTokens (1..kTileTokens). Tokens are Q8_K rows,
// token t at act + t * actStride.
using RunTileFn = void (*)(const uint8_t* tile, int64_t nSuperBlocks, const uint8_t* act, size_t actStride,
                           int nTokens, float* y, size_t yStride);

struct TileKernel {
    GgmlType weightType;
    TileFormat format;
    PackTileFn pack;
    RunTileFn run;
};

// The tile kernel for `type` on this CPU, nullptr when there is none (then matmul uses
// the per-row kernels).
const TileKernel* tileKernel(GgmlType type);

namespace kernels {
// Portable packers: the reference for the SIMD ones; withValues = false writes only the
// scales, offsets and multipliers (the SIMD packers do the values themselves).
void packTileQ4_K(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile, bool withValues);
void packTileQ5_K(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile, bool withValues);
void packTileQ6_K(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile, bool withValues);
// The AVX2 tile kernels (row_tiles_avx2.cpp); nullptr for types without one.
RunTileFn avx2TileRunner(GgmlType type);
PackTileFn avx2TilePacker(GgmlType type);
} // namespace kernels

} // namespace realm
