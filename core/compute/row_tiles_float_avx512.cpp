// AVX-512 packer and runner for float-weight tiles (F32, F16, BF16; format in row_tiles.h):
// 32 rows converted to f32 once per chunk, then each activation is broadcast and fed to
// two 16-row FMAs per token.
#include "compute/row_tiles.h"
#include "compute/row_tiles_float_simd.h"

namespace realm::kernels {

namespace {
using namespace simd;

constexpr int kRows = 32;
constexpr int kTokensPerRun = 12; // 24 accumulators, 2 weight vectors and a broadcast of 32 registers

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

// 16 rows x 16 floats -> 16 column vectors, in place: 64 shuffles for 256 values, where
// 8 x 8 transposes of 256-bit vectors take 96.
void transpose16x16(__m512 r[16]) {
    __m512 t[16], u[16];
    for (int i = 0; i < 16; i += 2) { // pairs of rows interleaved within each 128-bit lane
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) { // u[4g + j]: rows 4g..4g+3 of column j of every lane
        u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    // Then the lanes: first pairs of row groups, then all four.
    const __m512i lanes01 = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
    const __m512i lanes23 = _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15);
    const __m512i halvesLo = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i halvesHi = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    auto mix = [](__m512 a, __m512i idx, __m512 b) {
        return _mm512_castpd_ps(_mm512_permutex2var_pd(_mm512_castps_pd(a), idx, _mm512_castps_pd(b)));
    };
    for (int j = 0; j < 4; ++j) {
        const __m512 g01lo = mix(u[j], lanes01, u[4 + j]), g01hi = mix(u[j], lanes23, u[4 + j]);
        const __m512 g23lo = mix(u[8 + j], lanes01, u[12 + j]), g23hi = mix(u[8 + j], lanes23, u[12 + j]);
        r[j] = mix(g01lo, halvesLo, g23lo);
        r[4 + j] = mix(g01lo, halvesHi, g23lo);
        r[8 + j] = mix(g01hi, halvesLo, g23hi);
        r[12 + j] = mix(g01hi, halvesHi, g23hi);
    }
}

template <int T>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const auto* x = reinterpret_cast<const float*>(act.rows); // column by column
    const auto* w = reinterpret_cast<const float*>(tile);
    __m512 lo[T], hi[T];
    for (int t = 0; t < T; ++t)
        lo[t] = hi[t] = _mm512_setzero_ps();
    for (int64_t c = 0; c < 32 * nBlocks; ++c, w += kRows, x += T) {
        const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16);
        for (int t = 0; t < T; ++t) {
            const __m512 a = _mm512_set1_ps(x[t]);
            lo[t] = _mm512_fmadd_ps(w0, a, lo[t]);
            hi[t] = _mm512_fmadd_ps(w1, a, hi[t]);
        }
    }
    for (int t = 0; t < T; ++t) {
        float* out = y + t * yStride;
        if (accumulate) {
            lo[t] = _mm512_add_ps(lo[t], _mm512_loadu_ps(out));
            hi[t] = _mm512_add_ps(hi[t], _mm512_loadu_ps(out + 16));
        }
        _mm512_storeu_ps(out, lo[t]);
        _mm512_storeu_ps(out + 16, hi[t]);
    }
}

template <int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T>(tile, n, act, y, yStride, accumulate) : void()), ...);
}

// Chunks of 128 columns: 16 KB of tile. (256 columns measured 15% slower: 32 KB of tile
// and 12 tokens' activations crowd the 48 KB L1; 64 columns 10% slower.)
constexpr auto kFloatTiles =
    floatTileKernels<kRows, kTokensPerRun, 4, runTileAny<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12>, Isa::Avx512,
                     packFloatTile<kRows, __m512, load16F32, transpose16x16, 4>,
                     packFloatTile<kRows, __m512, load16F16, transpose16x16, 2>,
                     packFloatTile<kRows, __m512, load16BF16, transpose16x16, 2>>();
} // namespace

std::span<const TileKernel> avx512FloatTiles() {
    return kFloatTiles;
}

} // namespace realm::kernels
