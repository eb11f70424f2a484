#pragma once
// Packing float weights (F32, F16, BF16) into f32 tiles, for the float tile kernels of every
// ISA file (internal linkage, see simd_avx2.h): column c of row r at c * Rows + r.
#include "compute/row_tiles.h"
#include "compute/simd_avx2.h"

#include <array>

namespace realm::simd {
namespace {

inline __m256i load8F32(const uint8_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
inline __m256i load8F16(const uint8_t* p) {
    return _mm256_castps_si256(_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}
inline __m256i load8BF16(const uint8_t* p) {
    const __m256i u = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_slli_epi32(u, 16);
}

// W columns of W rows at a time (Vec holds W floats, Load converts W weights to f32 in it),
// transposed so that each vector is one column.
template <int Rows, class Vec, Vec (*Load)(const uint8_t*), void (*Transpose)(Vec*), int ElementBytes>
void packFloatTile(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    constexpr int kWidth = sizeof(Vec) / sizeof(float);
    auto* out = reinterpret_cast<float*>(tile);
    for (int64_t c = 0; c < 32 * nBlocks; c += kWidth)
        for (int r0 = 0; r0 < Rows; r0 += kWidth) {
            Vec v[kWidth];
            for (int r = 0; r < kWidth; ++r)
                v[r] = Load(rows + (r0 + r) * rowStride + c * ElementBytes);
            Transpose(v);
            for (int j = 0; j < kWidth; ++j)
                *reinterpret_cast<Vec*>(out + (c + j) * Rows + r0) = v[j]; // the tile is 64-byte aligned
        }
}

// The F32, F16 and BF16 tile kernels of one ISA file: Rows rows, ChunkBlocks blocks of 32
// columns unpacked at a time, packed by PackF32, PackF16, PackBF16.
template <int Rows, int TokensPerRun, int64_t ChunkBlocks, RunTileFn Run, Isa I, PackTileFn PackF32,
          PackTileFn PackF16, PackTileFn PackBF16>
constexpr std::array<TileKernel, 3> floatTileKernels() {
    auto kernel = [](GgmlType type, PackTileFn pack) {
        return TileKernel{type, GgmlType::F32, Rows, 32, 32 * Rows * sizeof(float), ChunkBlocks, TokensPerRun,
                          0,    pack,          Run,  I};
    };
    return {kernel(GgmlType::F32, PackF32), kernel(GgmlType::F16, PackF16), kernel(GgmlType::BF16, PackBF16)};
}

} // namespace
} // namespace realm::simd
