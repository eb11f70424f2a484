// AVX2 packers and runners for the interleaved K-quant tiles (format: row_tiles_kquant.cpp).
#include "compute/row_tiles.h"
#include "compute/row_tiles_kquant_simd.h"

#include "quant/block_layouts.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 8;
constexpr int kTokensPerRun = 4; // 6 measured no faster

template <int T, int ColsPerScale, int SumsPerMadd>
void runTile(const uint8_t* tile, int64_t nSuperBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    constexpr int kScales = 256 / ColsPerScale;
    constexpr int kGroupsPerScale = ColsPerScale / 4;
    static_assert(kGroupsPerScale % SumsPerMadd == 0);
    constexpr size_t kBlockBytes = kquantTileBlockBytes(ColsPerScale);

    const b::Q8_K* x[T];
    for (int t = 0; t < T; ++t)
        x[t] = reinterpret_cast<const b::Q8_K*>(act.rows + t * act.rowStride);
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();

    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += kBlockBytes) {
        const auto* q = reinterpret_cast<const __m256i*>(tile);
        const auto* scales = reinterpret_cast<const __m256i*>(tile + 2048);
        const auto* offsets = scales + kScales;
        const auto* d = reinterpret_cast<const float*>(offsets + 8);

        __m256i sum[T];
        for (int t = 0; t < T; ++t)
            sum[t] = _mm256_setzero_si256();
        for (int s = 0; s < kScales; ++s) {
            const __m256i scale = _mm256_load_si256(scales + s);
            for (int m = 0; m < kGroupsPerScale; m += SumsPerMadd) {
                __m256i part[T];
                for (int t = 0; t < T; ++t)
                    part[t] = _mm256_setzero_si256();
                    // Kept rolled: unrolled, gcc regroups the adds into a tree and spills the products.
#pragma GCC unroll 2
                for (int k = 0; k < SumsPerMadd; ++k) {
                    const int g = s * kGroupsPerScale + m + k;
                    const __m256i w = _mm256_load_si256(q + g);
                    for (int t = 0; t < T; ++t)
                        part[t] = _mm256_add_epi16(part[t],
                                                   _mm256_maddubs_epi16(w, broadcast4(x[t][i].qs + 4 * g)));
                }
                for (int t = 0; t < T; ++t)
                    sum[t] = _mm256_add_epi32(sum[t], _mm256_madd_epi16(part[t], scale));
            }
        }
        __m256i off[T];
        for (int t = 0; t < T; ++t)
            off[t] = _mm256_setzero_si256();
        for (int p = 0; p < 8; ++p) {
            const __m256i coef = _mm256_load_si256(offsets + p);
            for (int t = 0; t < T; ++t)
                off[t] = _mm256_add_epi32(off[t], _mm256_madd_epi16(coef, broadcast4(x[t][i].bsums + 2 * p)));
        }
        const __m256 dScale = _mm256_load_ps(d), dOff = _mm256_load_ps(d + 8);
        for (int t = 0; t < T; ++t) {
            const __m256 yd = _mm256_set1_ps(x[t][i].d);
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[t]), _mm256_mul_ps(dScale, yd), acc[t]);
            acc[t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(off[t]), _mm256_mul_ps(dOff, yd), acc[t]);
        }
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm256_add_ps(acc[t], _mm256_loadu_ps(y + t * yStride));
        _mm256_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <int ColsPerScale, int SumsPerMadd>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    static_assert(kTokensPerRun == 4);
    switch (nTokens) {
    case 4:
        runTile<4, ColsPerScale, SumsPerMadd>(tile, n, act, y, yStride, accumulate);
        break;
    case 3:
        runTile<3, ColsPerScale, SumsPerMadd>(tile, n, act, y, yStride, accumulate);
        break;
    case 2:
        runTile<2, ColsPerScale, SumsPerMadd>(tile, n, act, y, yStride, accumulate);
        break;
    case 1:
        runTile<1, ColsPerScale, SumsPerMadd>(tile, n, act, y, yStride, accumulate);
        break;
    default:
        break;
    }
}
template <GgmlType Type, void (*Values)(const uint8_t*, __m256i*), size_t BlockBytes, int ColsPerScale>
void packTile(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile) {
    packTileKQuant(Type, rows, rowStride, nSuperBlocks, tile, false);
    constexpr size_t tileBlockBytes = kquantTileBlockBytes(ColsPerScale);
    __m256i v[kRows][8];
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += tileBlockBytes) {
        for (int r = 0; r < kRows; ++r)
            Values(rows + r * rowStride + i * BlockBytes, v[r]);
        auto* out = reinterpret_cast<__m256i*>(tile);
        for (int k = 0; k < 8; ++k) {
            __m256i col[8];
            for (int r = 0; r < kRows; ++r)
                col[r] = v[r][k];
            simd::transpose8x8(col);
            for (int j = 0; j < 8; ++j)
                _mm256_store_si256(out + 8 * k + j, col[j]);
        }
    }
}

// int16 sums stay below 2^15: a product pair is at most 2·max(q)·128.
template <GgmlType Type, void (*Values)(const uint8_t*, __m256i*), size_t BlockBytes, int ColsPerScale,
          int SumsPerMadd>
constexpr TileKernel kquantKernel() {
    return {Type,
            GgmlType::Q8_K,
            kRows,
            256,
            kquantTileBlockBytes(ColsPerScale),
            int64_t{1} << 40, // whole rows
            kTokensPerRun,
            0,
            packTile<Type, Values, BlockBytes, ColsPerScale>,
            runTileAny<ColsPerScale, SumsPerMadd>,
            Isa::Avx2};
}

constexpr TileKernel kKQuantTiles[] = {
    kquantKernel<GgmlType::Q4_K, valuesQ4_K, sizeof(b::Q4_K), 32, 8>(),
    kquantKernel<GgmlType::Q5_K, valuesQ5_K, sizeof(b::Q5_K), 32, 4>(),
    kquantKernel<GgmlType::Q6_K, valuesQ6_K, sizeof(b::Q6_K), 16, 2>(),
};
} // namespace

std::span<const TileKernel> avx2KQuantTiles() {
    return kKQuantTiles;
}

} // namespace realm::kernels
