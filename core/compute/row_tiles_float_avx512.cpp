// AVX-512 packer and runner for float-weight tiles (F32, F16, BF16; format in row_tiles.h).
// Tokens in lanes: one vector holds 16 tokens' activation of one column, each weight is
// broadcast, so 8 rows x 3 token vectors make 24 accumulators. The packer only converts
// the 8 rows to f32 one after the other (no transpose), and the activations are read
// column by column as the other float tiles read them.
#include "compute/row_tiles.h"

#include "compute/cpu_features.h"
#include "compute/simd_avx2.h"

#include <algorithm>
#include <cstring>

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

// A pass's V token vectors of accumulators (s0, s1, s2: 16 tokens of row r each) -> y. Inlined
// into the pass so that the accumulators stay in registers (an F16 prompt ran at 0.4x speed
// when the helper took their addresses).
template <int V>
[[gnu::always_inline]] inline void storeAccumulators(const __m512 (&s0)[kRows], const __m512 (&s1)[kRows],
                                                     const __m512 (&s2)[kRows], int nTokens, float* y,
                                                     size_t yStride, bool accumulate) {
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
    storeAccumulators<V>(s0, s1, s2, nTokens, y, yStride, accumulate);
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

// ---- BF16 weights on CPUs with AVX512-BF16: vdpbf16ps multiplies two columns per lane ----
// The tokens' activations arrive rounded to BF16 (as llama.cpp rounds them for BF16 weights),
// column c paired with c+1 in each 32-bit lane; a row's two BF16 weights of those columns are
// one 32-bit broadcast from the tile, a copy of the rows. Half the
// multiply instructions of the f32 tiles, which convert every weight and FMA it alone.

void copyRowsBF16(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    const size_t rowBytes = static_cast<size_t>(32 * nBlocks) * 2;
    for (int r = 0; r < kRows; ++r)
        std::memcpy(tile + r * rowBytes, rows + r * rowStride, rowBytes);
}

template <int V>
void passTileBF16(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, int nTokens, float* y,
                  size_t yStride, bool accumulate) {
    static_assert(V >= 1 && V <= 3);
    const auto* x = reinterpret_cast<const float*>(act.rows); // column c's tokens at x + c * nTokens
    const auto* w =
        reinterpret_cast<const uint32_t*>(tile); // row r's columns c, c+1 at w[(r * cols + c) / 2]
    const int64_t cols = 32 * nBlocks;
    const int64_t pairsPerRow = cols / 2;
    const __mmask16 all = 0xFFFF;
    const __mmask16 last = static_cast<__mmask16>((1u << (nTokens - 16 * (V - 1))) - 1);
    __m512 s0[kRows], s1[kRows], s2[kRows];
#pragma GCC unroll 8
    for (int r = 0; r < kRows; ++r)
        s0[r] = s1[r] = s2[r] = _mm512_setzero_ps();
    auto tokens = [&](int v) {
        return reinterpret_cast<__m512bh>(_mm512_maskz_loadu_epi32(v == V - 1 ? last : all, x + 16 * v));
    };
    for (int64_t p = 0; p < pairsPerRow; ++p, x += nTokens) {
        const __m512bh a0 = tokens(0);
        const __m512bh a1 = V > 1 ? tokens(1) : a0;
        const __m512bh a2 = V > 2 ? tokens(2) : a0;
#pragma GCC unroll 8
        for (int r = 0; r < kRows; ++r) {
            const __m512bh b =
                reinterpret_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(w[r * pairsPerRow + p])));
            s0[r] = _mm512_dpbf16_ps(s0[r], a0, b);
            if (V > 1) s1[r] = _mm512_dpbf16_ps(s1[r], a1, b);
            if (V > 2) s2[r] = _mm512_dpbf16_ps(s2[r], a2, b);
        }
    }
    storeAccumulators<V>(s0, s1, s2, nTokens, y, yStride, accumulate);
}

void runTileBF16(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                 size_t yStride, bool accumulate) {
    switch ((nTokens + 15) / 16) {
    case 1:
        return passTileBF16<1>(tile, n, act, nTokens, y, yStride, accumulate);
    case 2:
        return passTileBF16<2>(tile, n, act, nTokens, y, yStride, accumulate);
    default:
        return passTileBF16<3>(tile, n, act, nTokens, y, yStride, accumulate);
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

constexpr TileKernel kBF16DotTile{GgmlType::BF16, GgmlType::F32, kRows, 32,           32 * kRows * 2,
                                  kChunkBlocks,   kTokensPerRun, 0,     copyRowsBF16, runTileBF16,
                                  Isa::Avx512,    nullptr,       true};

constexpr TileKernel kFloatTilesWithBF16Dot[] = {kFloatTiles[0], kFloatTiles[1], kBF16DotTile};
} // namespace

std::span<const TileKernel> avx512FloatTiles() {
    static const bool bf16 = cpuHasAvx512Bf16();
    return bf16 ? std::span<const TileKernel>(kFloatTilesWithBF16Dot)
                : std::span<const TileKernel>(kFloatTiles);
}

} // namespace realm::kernels
