// AVX2 runners for the interleaved K-quant tiles (see row_tiles.h for the format).
#include "compute/row_tiles.h"

#include "quant/block_layouts.h"

#include <immintrin.h>

#include <cstring>

namespace realm::kernels {

namespace {
namespace b = realm::blocks;

inline __m256i broadcast4(const void* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

template <int T, int ColsPerScale, int SumsPerMadd>
void runTile(const uint8_t* tile, int64_t nSuperBlocks, const uint8_t* act, size_t actStride, float* y,
             size_t yStride) {
    constexpr int kScales = 256 / ColsPerScale;
    constexpr int kGroupsPerScale = ColsPerScale / 4;
    static_assert(kGroupsPerScale % SumsPerMadd == 0);
    constexpr size_t kBlockBytes = 2048 + kScales * 32 + 8 * 32 + 64;

    const b::Q8_K* x[T];
    for (int t = 0; t < T; ++t) x[t] = reinterpret_cast<const b::Q8_K*>(act + t * actStride);
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();

    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += kBlockBytes) {
        const auto* q = reinterpret_cast<const __m256i*>(tile);
        const auto* scales = reinterpret_cast<const __m256i*>(tile + 2048);
        const auto* offsets = scales + kScales;
        const auto* d = reinterpret_cast<const float*>(offsets + 8);

        __m256i sum[T];
        for (int t = 0; t < T; ++t) sum[t] = _mm256_setzero_si256();
        for (int s = 0; s < kScales; ++s) {
            const __m256i scale = _mm256_load_si256(scales + s);
            for (int m = 0; m < kGroupsPerScale; m += SumsPerMadd) {
                __m256i part[T];
                for (int t = 0; t < T; ++t) part[t] = _mm256_setzero_si256();
                // Kept rolled: unrolled, gcc regroups the adds into a tree and spills the products.
#pragma GCC unroll 2
                for (int k = 0; k < SumsPerMadd; ++k) {
                    const int g = s * kGroupsPerScale + m + k;
                    const __m256i w = _mm256_load_si256(q + g);
                    for (int t = 0; t < T; ++t)
                        part[t] = _mm256_add_epi16(part[t], _mm256_maddubs_epi16(w, broadcast4(x[t][i].qs + 4 * g)));
                }
                for (int t = 0; t < T; ++t) sum[t] = _mm256_add_epi32(sum[t], _mm256_madd_epi16(part[t], scale));
            }
        }
        __m256i off[T];
        for (int t = 0; t < T; ++t) off[t] = _mm256_setzero_si256();
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
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(y + t * yStride, acc[t]);
}

template <int ColsPerScale, int SumsPerMadd>
void runTileAny(const uint8_t* tile, int64_t n, const uint8_t* act, size_t actStride, int nTokens, float* y,
                size_t yStride) {
    switch (nTokens) {
    case 4: runTile<4, ColsPerScale, SumsPerMadd>(tile, n, act, actStride, y, yStride); break;
    case 3: runTile<3, ColsPerScale, SumsPerMadd>(tile, n, act, actStride, y, yStride); break;
    case 2: runTile<2, ColsPerScale, SumsPerMadd>(tile, n, act, actStride, y, yStride); break;
    case 1: runTile<1, ColsPerScale, SumsPerMadd>(tile, n, act, actStride, y, yStride); break;
    default: break;
    }
}
} // namespace

RunTileFn avx2TileRunner(GgmlType type) {
    switch (type) {
    case GgmlType::Q4_K: return runTileAny<32, 8>;
    case GgmlType::Q5_K: return runTileAny<32, 4>;
    case GgmlType::Q6_K: return runTileAny<16, 2>;
    default: return nullptr;
    }
}

} // namespace realm::kernels
