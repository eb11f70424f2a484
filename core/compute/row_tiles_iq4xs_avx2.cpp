// AVX2 packer and runner for IQ4_XS tiles (format in row_tiles.h), 8 rows: signed values
// multiplied as |w| · sign(x, w), each 32-column sub-block's int32 sums scaled by the
// rows' integer sub-block scales, so a super-block's sum is the per-row kernel's integer.
#include "compute/row_tiles.h"
#include "compute/row_tiles_blocks32_simd.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 8;
constexpr int kTokensPerRun = 4;

template <int T>
void runTile(const uint8_t* tile, int64_t nSuperBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const b::Q8_K* x[T];
    for (int t = 0; t < T; ++t)
        x[t] = reinterpret_cast<const b::Q8_K*>(act.rows + t * act.rowStride);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += 292 * kRows) {
        const auto* q = reinterpret_cast<const __m256i*>(tile);
        const auto* scales = reinterpret_cast<const __m256i*>(tile + 256 * kRows);
        __m256i total[T];
        for (int t = 0; t < T; ++t)
            total[t] = _mm256_setzero_si256();
        for (int j = 0; j < 8; ++j) {
            __m256i s[T];
            for (int g = 0; g < 8; ++g) {
                const __m256i w = _mm256_load_si256(q + 8 * j + g);
                const __m256i wAbs = _mm256_sign_epi8(w, w);
                for (int t = 0; t < T; ++t) {
                    const __m256i a = _mm256_sign_epi8(broadcast4(x[t][i].qs + 32 * j + 4 * g), w);
                    const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(wAbs, a), ones);
                    s[t] = g == 0 ? p : _mm256_add_epi32(s[t], p);
                }
            }
            const __m256i scale = _mm256_load_si256(scales + j);
            for (int t = 0; t < T; ++t)
                total[t] = _mm256_add_epi32(total[t], _mm256_mullo_epi32(s[t], scale));
        }
        const __m256 d = _mm256_load_ps(reinterpret_cast<const float*>(scales + 8));
        for (int t = 0; t < T; ++t)
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total[t]),
                                     _mm256_mul_ps(d, _mm256_set1_ps(x[t][i].d)), acc[t]);
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm256_add_ps(acc[t], _mm256_loadu_ps(y + t * yStride));
        _mm256_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T>(tile, n, act, y, yStride, accumulate) : void()), ...);
}

constexpr TileKernel kTiles[] = {{GgmlType::IQ4_XS, GgmlType::Q8_K, kRows, 256, 292 * kRows,
                                  8, // 2048 columns: 18 KB of tile
                                  kTokensPerRun, 0, packIQ4_XSTile<kRows, 0>, runTileAny<1, 2, 3, 4>,
                                  Isa::Avx2}};
} // namespace

std::span<const TileKernel> avx2IQ4_XSTiles() {
    return kTiles;
}

} // namespace realm::kernels
