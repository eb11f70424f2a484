// AVX-512 VNNI packer and runner for IQ4_XS tiles (format in row_tiles.h), 16 rows: values
// stored +128 for vpdpbusd, each 32-column sub-block's sum started at -128 · Σx (from the
// Q8_K bsums) and scaled by the rows' integer sub-block scales, so a super-block's sum is
// the per-row kernel's integer.
#include "compute/row_tiles.h"
#include "compute/row_tiles_blocks32_simd.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 16;
constexpr int kTokensPerRun = 8;

template <int T>
void runTile(const uint8_t* tile, int64_t nSuperBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const b::Q8_K* x[T];
    for (int t = 0; t < T; ++t) x[t] = reinterpret_cast<const b::Q8_K*>(act.rows + t * act.rowStride);
    __m512 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += 292 * kRows) {
        const auto* q = reinterpret_cast<const __m512i*>(tile);
        const auto* scales = reinterpret_cast<const __m512i*>(tile + 256 * kRows);
        __m512i total[T];
        for (int t = 0; t < T; ++t) total[t] = _mm512_setzero_si512();
        for (int j = 0; j < 8; ++j) {
            __m512i s[T];
            for (int t = 0; t < T; ++t) s[t] = _mm512_set1_epi32(-128 * (x[t][i].bsums[2 * j] + x[t][i].bsums[2 * j + 1]));
            for (int g = 0; g < 8; ++g) {
                const __m512i w = _mm512_load_si512(q + 8 * j + g);
                for (int t = 0; t < T; ++t) {
                    int32_t a;
                    std::memcpy(&a, x[t][i].qs + 32 * j + 4 * g, 4);
                    s[t] = _mm512_dpbusd_epi32(s[t], w, _mm512_set1_epi32(a));
                }
            }
            const __m512i scale = _mm512_load_si512(scales + j);
            for (int t = 0; t < T; ++t) total[t] = _mm512_add_epi32(total[t], _mm512_mullo_epi32(s[t], scale));
        }
        const __m512 d = _mm512_load_ps(scales + 8);
        for (int t = 0; t < T; ++t)
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(total[t]), _mm512_mul_ps(d, _mm512_set1_ps(x[t][i].d)), acc[t]);
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm512_add_ps(acc[t], _mm512_loadu_ps(y + t * yStride));
        _mm512_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y, size_t yStride,
                bool accumulate) {
    ((nTokens == T ? runTile<T>(tile, n, act, y, yStride, accumulate) : void()), ...);
}

constexpr TileKernel kTiles[] = {{GgmlType::IQ4_XS, GgmlType::Q8_K, kRows, 256, 292 * kRows,
                                  8, // 2048 columns: 37 KB of tile
                                  kTokensPerRun, 128, packIQ4_XSTile<kRows, 0x80>,
                                  runTileAny<1, 2, 3, 4, 5, 6, 7, 8>, Isa::Avx512}};
} // namespace

std::span<const TileKernel> avx512IQ4_XSTiles() { return kTiles; }

} // namespace realm::kernels
