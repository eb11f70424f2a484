// AVX-512 packer and runner for float-weight tiles (F32, F16, BF16; format in row_tiles.h).
// Tokens in lanes: one vector holds 16 tokens' activation of one column, each weight is
// broadcast, so 8 rows x 3 token vectors make 24 accumulators. The packer only converts
// the 8 rows to f32 one after the other (no transpose), and the activations are read
// column by column as the other float tiles read them.
#include "compute/row_tiles.h"

#include "compute/simd_avx2.h"

#include <algorithm>

namespace realm::kernels {

namespace {

constexpr int kRows = 8;
constexpr int kTokenVectors = 3; // 24 accumulators, 3 activations and a broadcast
constexpr int kTokensPerRun = 16 * kTokenVectors;
// 2048 columns: 64 KB of tile, more than L1, but the broadcasts follow 8 sequential streams
// that the prefetchers keep ahead of; fewer passes per row than with 1024 columns (each
// pass ends in transposes and a read-modify-write of y): 2-3 % faster on an F16 prompt.
constexpr int64_t kChunkBlocks = 64;

inline __m512 load16F32(const uint8_t* p) {
    return _mm512_loadu_ps(p);
}
inline __m512 load16F16(const uint8_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
inline __m512 load16BF16(const uint8_t* p) {
    const __m512i u = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    return _mm512_castsi512_ps(_mm512_slli_epi32(u, 16));
}

template <__m512 (*Load)(const uint8_t*), int ElementBytes>
void packRows(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    auto* out = reinterpret_cast<float*>(tile);
    const int64_t cols = 32 * nBlocks;
    for (int r = 0; r < kRows; ++r)
        for (int64_t c = 0; c < cols; c += 16)
            _mm512_store_ps(out + r * cols + c, Load(rows + r * rowStride + c * ElementBytes));
}

// 8 rows x 16 tokens -> token t's 8 rows at y + t * yStride, for t < n: two 8 x 8 transposes.
void storeRows(const float rowMajor[kRows][16], int n, float* y, size_t yStride, bool accumulate) {
    for (int half = 0; half < 2 && 8 * half < n; ++half) {
        __m256i v[8];
        for (int r = 0; r < kRows; ++r)
            v[r] = _mm256_load_si256(reinterpret_cast<const __m256i*>(&rowMajor[r][8 * half]));
        simd::transpose8x8(v);
        for (int t = 8 * half; t < std::min(n, 8 * half + 8); ++t) {
            __m256 sum = _mm256_castsi256_ps(v[t - 8 * half]);
            float* out = y + t * yStride;
            if (accumulate) sum = _mm256_add_ps(sum, _mm256_loadu_ps(out));
            _mm256_storeu_ps(out, sum);
        }
    }
}

// One pass of up to 48 tokens over the tile. With a Load (the first run), the pass also
// packs the tile from the weight rows, one slice of 16 columns ahead of the FMAs, so that the
// slice's loads from the mapping are in flight while the previous slice is multiplied.
template <int V, __m512 (*Load)(const uint8_t*) = nullptr, int ElementBytes = 0>
void passTile(const uint8_t* rows, size_t rowStride, uint8_t* tile, int64_t nBlocks,
              const TileActivations& act, int nTokens, float* y, size_t yStride, bool accumulate) {
    static_assert(V >= 1 && V <= 3);
    constexpr int kSlice = 16;
    const auto* x = reinterpret_cast<const float*>(act.rows); // column c's tokens at x + c * nTokens
    auto* w = reinterpret_cast<float*>(tile);                 // row r's column c at w[r * cols + c]
    const int64_t cols = 32 * nBlocks;
    auto packSlice = [&](int64_t c) {
        if constexpr (Load != nullptr) {
#pragma GCC unroll 8
            for (int r = 0; r < kRows; ++r)
                _mm512_store_ps(w + r * cols + c, Load(rows + r * rowStride + c * ElementBytes));
        }
    };
    const __mmask16 last = static_cast<__mmask16>((1u << (nTokens - 16 * (V - 1))) - 1);
    // One array per token vector: GCC keeps three of 8 vectors in registers, not one of 24.
    __m512 s0[kRows], s1[kRows], s2[kRows];
#pragma GCC unroll 8
    for (int r = 0; r < kRows; ++r)
        s0[r] = s1[r] = s2[r] = _mm512_setzero_ps();
    packSlice(0);
    for (int64_t c0 = 0; c0 < cols; c0 += kSlice) {
        if (c0 + kSlice < cols) packSlice(c0 + kSlice);
        for (int64_t c = c0; c < c0 + kSlice; ++c, x += nTokens) {
            const __m512 a0 = V == 1 ? _mm512_maskz_loadu_ps(last, x) : _mm512_loadu_ps(x);
            const __m512 a1 = V == 2  ? _mm512_maskz_loadu_ps(last, x + 16)
                              : V > 2 ? _mm512_loadu_ps(x + 16)
                                      : a0;
            const __m512 a2 = V == 3 ? _mm512_maskz_loadu_ps(last, x + 32) : a0;
#pragma GCC unroll 8
            for (int r = 0; r < kRows; ++r) {
                const __m512 b = _mm512_set1_ps(w[r * cols + c]);
                s0[r] = _mm512_fmadd_ps(b, a0, s0[r]);
                if (V > 1) s1[r] = _mm512_fmadd_ps(b, a1, s1[r]);
                if (V > 2) s2[r] = _mm512_fmadd_ps(b, a2, s2[r]);
            }
        }
    }
    alignas(64) float sums[3][kRows][16];
#pragma GCC unroll 8
    for (int r = 0; r < kRows; ++r) {
        _mm512_store_ps(sums[0][r], s0[r]);
        _mm512_store_ps(sums[1][r], s1[r]);
        _mm512_store_ps(sums[2][r], s2[r]);
    }
    for (int v = 0; v < V; ++v)
        storeRows(sums[v], std::min(16, nTokens - 16 * v), y + 16 * v * yStride, yStride, accumulate);
}

void runTile(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
             size_t yStride, bool accumulate) {
    auto* t = const_cast<uint8_t*>(tile); // only read: a pass without a Load writes nothing
    switch ((nTokens + 15) / 16) {
    case 1:
        return passTile<1>(nullptr, 0, t, n, act, nTokens, y, yStride, accumulate);
    case 2:
        return passTile<2>(nullptr, 0, t, n, act, nTokens, y, yStride, accumulate);
    default:
        return passTile<3>(nullptr, 0, t, n, act, nTokens, y, yStride, accumulate);
    }
}

template <__m512 (*Load)(const uint8_t*), int ElementBytes>
void packAndRunTile(const uint8_t* rows, size_t rowStride, int64_t n, uint8_t* tile,
                    const TileActivations& act, int nTokens, float* y, size_t yStride, bool accumulate) {
    switch ((nTokens + 15) / 16) {
    case 1:
        return passTile<1, Load, ElementBytes>(rows, rowStride, tile, n, act, nTokens, y, yStride,
                                               accumulate);
    case 2:
        return passTile<2, Load, ElementBytes>(rows, rowStride, tile, n, act, nTokens, y, yStride,
                                               accumulate);
    default:
        return passTile<3, Load, ElementBytes>(rows, rowStride, tile, n, act, nTokens, y, yStride,
                                               accumulate);
    }
}

template <__m512 (*Load)(const uint8_t*), int ElementBytes> constexpr TileKernel floatKernel(GgmlType type) {
    return TileKernel{type,
                      GgmlType::F32,
                      kRows,
                      32,
                      32 * kRows * sizeof(float),
                      kChunkBlocks,
                      kTokensPerRun,
                      0,
                      packRows<Load, ElementBytes>,
                      runTile,
                      Isa::Avx512,
                      packAndRunTile<Load, ElementBytes>};
}

constexpr TileKernel kFloatTiles[] = {
    floatKernel<load16F32, 4>(GgmlType::F32),
    floatKernel<load16F16, 2>(GgmlType::F16),
    floatKernel<load16BF16, 2>(GgmlType::BF16),
};
} // namespace

std::span<const TileKernel> avx512FloatTiles() {
    return kFloatTiles;
}

} // namespace realm::kernels
