#pragma once
// Packing float weights (F32, F16, BF16) into f32 tiles, for the float tile kernels of every
// ISA file (internal linkage, see simd_avx2.h): column c of row r at c * Rows + r.
#include "compute/row_tiles.h"
#include "compute/simd_avx2.h"

#include <array>

namespace realm::simd {
namespace {

inline __m256 load8F32(const uint8_t* p) {
    return _mm256_loadu_ps(reinterpret_cast<const float*>(p));
}
inline __m256 load8F16(const uint8_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline __m256 load8BF16(const uint8_t* p) {
    const __m256i u = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(u, 16));
}

// 8 columns of 8 rows at a time, transposed so that each vector is one column.
template <int Rows, __m256 (*Load)(const uint8_t*), int ElementBytes>
void packFloatTile(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    auto* out = reinterpret_cast<float*>(tile);
    for (int64_t c = 0; c < 32 * nBlocks; c += 8)
        for (int r0 = 0; r0 < Rows; r0 += 8) {
            __m256i v[8];
            for (int r = 0; r < 8; ++r)
                v[r] = _mm256_castps_si256(Load(rows + (r0 + r) * rowStride + c * ElementBytes));
            transpose8x8(v);
            for (int j = 0; j < 8; ++j)
                _mm256_store_si256(reinterpret_cast<__m256i*>(out + (c + j) * Rows + r0), v[j]);
        }
}

// The F32, F16 and BF16 tile kernels of one ISA file: Rows rows, ChunkBlocks blocks of 32
// columns unpacked at a time.
template <int Rows, int TokensPerRun, int64_t ChunkBlocks, RunTileFn Run, Isa I>
constexpr std::array<TileKernel, 3> floatTileKernels() {
    auto kernel = [](GgmlType type, PackTileFn pack) {
        return TileKernel{type, GgmlType::F32, Rows, 32, 32 * Rows * sizeof(float), ChunkBlocks, TokensPerRun,
                          0,    pack,          Run,  I};
    };
    return {kernel(GgmlType::F32, packFloatTile<Rows, load8F32, 4>),
            kernel(GgmlType::F16, packFloatTile<Rows, load8F16, 2>),
            kernel(GgmlType::BF16, packFloatTile<Rows, load8BF16, 2>)};
}

} // namespace
} // namespace realm::simd
