// AVX-512 VNNI packers and runners for 256-column super-block tiles (Q4_K, Q5_K, Q6_K,
// IQ4_XS; format in row_tiles.h), 16 rows. Each sub-block's int32 sum comes from vpdpbusd
// over the unsigned stored values, started at -offset · Σx from the Q8_K bsums, and is
// scaled by the rows' integer sub-block scales (vpmulld); Q4_K / Q5_K mins multiply the
// bsums directly. A super-block's sums are the per-row kernel's integers.
#include "compute/row_tiles.h"
#include "compute/row_tiles_blocks32_simd.h"
#include "compute/row_tiles_kquant_simd.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 16;
constexpr int kTokensPerRun = 8;

constexpr size_t blockBytes(int subCols, bool hasMin) {
    return (256 + 4 * (256 / subCols) + (hasMin ? 32 + 4 : 0) + 4) * kRows;
}

// Q4_K / Q5_K / Q6_K rows: values through the AVX2 unpackers, scales (and mins) in scalar code.
template <class Block, void (*Values)(const uint8_t*, __m256i*)>
void packKQuantTile(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile) {
    constexpr bool kQ6 = std::is_same_v<Block, b::Q6_K>;
    constexpr int kSubs = kQ6 ? 16 : 8;
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += blockBytes(256 / kSubs, !kQ6)) {
        auto* scales = reinterpret_cast<int32_t*>(tile + 256 * kRows);
        int32_t* mins = scales + kSubs * kRows;
        auto* d = reinterpret_cast<float*>(kQ6 ? mins : mins + 8 * kRows);
        for (int r0 = 0; r0 < kRows; r0 += 8) {
            __m256i v[8][8];
            for (int r = 0; r < 8; ++r) {
                const Block& x = reinterpret_cast<const Block*>(rows + (r0 + r) * rowStride)[i];
                Values(reinterpret_cast<const uint8_t*>(&x), v[r]);
                if constexpr (kQ6) {
                    for (int j = 0; j < 16; ++j)
                        scales[j * kRows + r0 + r] = x.scales[j];
                    d[r0 + r] = h2f(x.d);
                } else {
                    for (int j = 0; j < 8; ++j) {
                        uint8_t sc, m;
                        b::scaleMinK4(j, x.scales, sc, m);
                        scales[j * kRows + r0 + r] = sc;
                        mins[j * kRows + r0 + r] = m;
                    }
                    d[r0 + r] = h2f(x.d);
                    d[kRows + r0 + r] = h2f(x.dmin);
                }
            }
            for (int k = 0; k < 8; ++k) {
                __m256i col[8];
                for (int r = 0; r < 8; ++r)
                    col[r] = v[r][k];
                transpose8x8(col);
                for (int g = 0; g < 8; ++g)
                    _mm256_store_si256(reinterpret_cast<__m256i*>(tile + (8 * k + g) * 4 * kRows + 4 * r0),
                                       col[g]);
            }
        }
    }
}

template <int T, int SubCols, int ValueOffset, bool HasMin>
void runTile(const uint8_t* tile, int64_t nSuperBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    constexpr int kSubs = 256 / SubCols;
    const b::Q8_K* x[T];
    for (int t = 0; t < T; ++t)
        x[t] = reinterpret_cast<const b::Q8_K*>(act.rows + t * act.rowStride);
    __m512 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += blockBytes(SubCols, HasMin)) {
        const auto* q = reinterpret_cast<const __m512i*>(tile);
        const auto* scales = reinterpret_cast<const __m512i*>(tile + 256 * kRows);
        const __m512i* mins = scales + kSubs;
        const auto* d = reinterpret_cast<const float*>(HasMin ? mins + 8 : mins);
        __m512i total[T];
        for (int t = 0; t < T; ++t)
            total[t] = _mm512_setzero_si512();
        for (int j = 0; j < kSubs; ++j) {
            __m512i s[T];
            for (int t = 0; t < T; ++t) {
                const int16_t* bs = x[t][i].bsums + (SubCols / 16) * j;
                s[t] = _mm512_set1_epi32(
                    ValueOffset == 0 ? 0 : -ValueOffset * (SubCols == 32 ? bs[0] + bs[1] : bs[0]));
            }
            for (int g = 0; g < SubCols / 4; ++g) {
                const __m512i w = _mm512_load_si512(q + j * (SubCols / 4) + g);
                for (int t = 0; t < T; ++t) {
                    int32_t a;
                    std::memcpy(&a, x[t][i].qs + SubCols * j + 4 * g, 4);
                    s[t] = _mm512_dpbusd_epi32(s[t], w, _mm512_set1_epi32(a));
                }
            }
            const __m512i scale = _mm512_load_si512(scales + j);
            for (int t = 0; t < T; ++t)
                total[t] = _mm512_add_epi32(total[t], _mm512_mullo_epi32(s[t], scale));
        }
        const __m512 dv = _mm512_load_ps(d);
        for (int t = 0; t < T; ++t)
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(total[t]),
                                     _mm512_mul_ps(dv, _mm512_set1_ps(x[t][i].d)), acc[t]);
        if constexpr (HasMin) {
            const __m512 dMin = _mm512_load_ps(d + kRows);
            for (int t = 0; t < T; ++t) {
                __m512i m = _mm512_setzero_si512();
                for (int j = 0; j < 8; ++j)
                    m = _mm512_add_epi32(m, _mm512_mullo_epi32(_mm512_load_si512(mins + j),
                                                               _mm512_set1_epi32(x[t][i].bsums[2 * j] +
                                                                                 x[t][i].bsums[2 * j + 1])));
                acc[t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(m),
                                          _mm512_mul_ps(dMin, _mm512_set1_ps(x[t][i].d)), acc[t]);
            }
        }
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm512_add_ps(acc[t], _mm512_loadu_ps(y + t * yStride));
        _mm512_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <int SubCols, int ValueOffset, bool HasMin, int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T, SubCols, ValueOffset, HasMin>(tile, n, act, y, yStride, accumulate) : void()),
     ...);
}

template <GgmlType Type, int SubCols, int ValueOffset, bool HasMin, PackTileFn Pack>
constexpr TileKernel kernel() {
    static_assert(kTokensPerRun == 8);
    return {Type,
            GgmlType::Q8_K,
            kRows,
            256,
            blockBytes(SubCols, HasMin),
            4, // 1024 columns: 20 KB of tile (2048 measured the same)
            kTokensPerRun,
            ValueOffset,
            Pack,
            runTileAny<SubCols, ValueOffset, HasMin, 1, 2, 3, 4, 5, 6, 7, 8>,
            Isa::Avx512};
}

constexpr TileKernel kTiles[] = {
    kernel<GgmlType::Q4_K, 32, 0, true, packKQuantTile<b::Q4_K, valuesQ4_K>>(),
    kernel<GgmlType::Q5_K, 32, 0, true, packKQuantTile<b::Q5_K, valuesQ5_K>>(),
    kernel<GgmlType::Q6_K, 16, 32, false, packKQuantTile<b::Q6_K, valuesQ6_K>>(),
    kernel<GgmlType::IQ4_XS, 32, 128, false, packIQ4_XSTile<kRows, 0x80>>(),
};
} // namespace

std::span<const TileKernel> avx512SuperBlockTiles() {
    return kTiles;
}

} // namespace realm::kernels
