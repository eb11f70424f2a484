// AVX2 packers and runners for the 32-element-block tiles (format in row_tiles.h), 8 rows.
// Nibble types are stored unsigned (Q4_0 and Q5_0 with their +8 / +16 kept, corrected
// through the activations' block sums) so that several maddubs products can be summed in
// int16 before widening; Q8_0 and IQ4_NL values use the full signed byte range and are
// multiplied as |w| · sign(x, w).
#include "compute/row_tiles.h"
#include "compute/row_tiles_blocks32_simd.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 8;
constexpr int kTokensPerRun = 4;

// ---- packing -----------------------------------------------------------------------------

template <class Block, __m256i (*Values)(const uint8_t*), bool HasMin>
void packTile(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    for (int64_t i = 0; i < nBlocks; ++i) {
        __m256i v[kRows];
        float d[kRows], m[kRows];
        for (int r = 0; r < kRows; ++r) {
            const uint8_t* block = rows + r * rowStride + i * sizeof(Block);
            v[r] = Values(block);
            d[r] = h2f(reinterpret_cast<const Block*>(block)->d);
            if constexpr (HasMin) m[r] = h2f(reinterpret_cast<const Block*>(block)->m);
        }
        transpose8x8(v);
        auto* out = reinterpret_cast<__m256i*>(tile);
        for (int g = 0; g < 8; ++g)
            _mm256_store_si256(out + g, v[g]);
        _mm256_store_ps(reinterpret_cast<float*>(out + 8), _mm256_loadu_ps(d));
        if constexpr (HasMin) _mm256_store_ps(reinterpret_cast<float*>(out + 9), _mm256_loadu_ps(m));
        tile += (HasMin ? 10 : 9) * 32;
    }
}

// ---- running -----------------------------------------------------------------------------

// T tokens over one tile. Signed: |w| · sign(x, w) products, widened after each group;
// otherwise SumsPerMadd groups are summed in int16 first (2 · SumsPerMadd · max(w) · 127
// stays below 2^15).
template <int T, class ActBlock, bool Signed, int SumsPerMadd, bool HasMin>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    static_assert(8 % SumsPerMadd == 0 && (!Signed || SumsPerMadd == 1));
    const ActBlock* x[T];
    const ActBlockSummary* sum[T];
    for (int t = 0; t < T; ++t) {
        x[t] = reinterpret_cast<const ActBlock*>(act.rows + t * act.rowStride);
        sum[t] = act.summaries + t * act.summaryStride;
    }
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    for (int64_t i = 0; i < nBlocks; ++i, tile += (HasMin ? 10 : 9) * 32) {
        const auto* q = reinterpret_cast<const __m256i*>(tile);
        __m256i s[T];
        for (int t = 0; t < T; ++t)
            s[t] = HasMin ? _mm256_setzero_si256() : _mm256_set1_epi32(sum[t][i].offsetCorrection);
        for (int g0 = 0; g0 < 8; g0 += SumsPerMadd) {
            __m256i part[T];
#pragma GCC unroll 8
            for (int g = g0; g < g0 + SumsPerMadd; ++g) {
                const __m256i w = _mm256_load_si256(q + g);
                const __m256i wAbs = Signed ? _mm256_sign_epi8(w, w) : w;
                for (int t = 0; t < T; ++t) {
                    __m256i a = broadcast4(x[t][i].qs + 4 * g);
                    if constexpr (Signed) a = _mm256_sign_epi8(a, w);
                    const __m256i p = _mm256_maddubs_epi16(wAbs, a);
                    part[t] = g == g0 ? p : _mm256_add_epi16(part[t], p);
                }
            }
            for (int t = 0; t < T; ++t)
                s[t] = _mm256_add_epi32(s[t], _mm256_madd_epi16(part[t], ones));
        }
        const __m256 d = _mm256_load_ps(reinterpret_cast<const float*>(q + 8));
        for (int t = 0; t < T; ++t)
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s[t]), _mm256_mul_ps(d, _mm256_set1_ps(sum[t][i].d)),
                                     acc[t]);
        if constexpr (HasMin) {
            const __m256 m = _mm256_load_ps(reinterpret_cast<const float*>(q + 9));
            for (int t = 0; t < T; ++t)
                acc[t] = _mm256_fmadd_ps(m, _mm256_set1_ps(sum[t][i].s), acc[t]);
        }
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm256_add_ps(acc[t], _mm256_loadu_ps(y + t * yStride));
        _mm256_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <class ActBlock, bool Signed, int SumsPerMadd, bool HasMin, int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T, ActBlock, Signed, SumsPerMadd, HasMin>(tile, n, act, y, yStride, accumulate)
                   : void()),
     ...);
}

template <GgmlType Type, class Block, __m256i (*Values)(const uint8_t*), int ValueOffset, bool Signed,
          int SumsPerMadd>
constexpr TileKernel blocks32Kernel() {
    constexpr bool kHasMin = Type == GgmlType::Q4_1 || Type == GgmlType::Q5_1;
    using ActBlock = std::conditional_t<kHasMin, b::Q8_1, b::Q8_0>;
    static_assert(kTokensPerRun == 4);
    return {Type,
            kHasMin ? GgmlType::Q8_1 : GgmlType::Q8_0,
            kRows,
            32,
            (kHasMin ? 10 : 9) * 32,
            64, // 2048 columns: 18 KB of tile
            kTokensPerRun,
            ValueOffset,
            packTile<Block, Values, kHasMin>,
            runTileAny<ActBlock, Signed, SumsPerMadd, kHasMin, 1, 2, 3, 4>,
            Isa::Avx2};
}

constexpr TileKernel kBlocks32Tiles[] = {
    blocks32Kernel<GgmlType::Q4_0, b::Q4_0, nibbleValues<b::Q4_0>, 8, false, 8>(),
    blocks32Kernel<GgmlType::Q4_1, b::Q4_1, nibbleValues<b::Q4_1>, 0, false, 8>(),
    blocks32Kernel<GgmlType::Q5_0, b::Q5_0, fiveBitValues<b::Q5_0>, 16, false, 4>(),
    blocks32Kernel<GgmlType::Q5_1, b::Q5_1, fiveBitValues<b::Q5_1>, 0, false, 4>(),
    blocks32Kernel<GgmlType::Q8_0, b::Q8_0, q8Values, 0, true, 1>(),
    blocks32Kernel<GgmlType::IQ4_NL, b::IQ4_NL, iq4nlValues, 0, true, 1>(),
};
} // namespace

std::span<const TileKernel> avx2Blocks32Tiles() {
    return kBlocks32Tiles;
}

} // namespace realm::kernels
