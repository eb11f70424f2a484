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

template <int T>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const float* x[T];
    for (int t = 0; t < T; ++t)
        x[t] = reinterpret_cast<const float*>(act.rows + t * act.rowStride);
    const auto* w = reinterpret_cast<const float*>(tile);
    __m512 lo[T], hi[T];
    for (int t = 0; t < T; ++t)
        lo[t] = hi[t] = _mm512_setzero_ps();
    for (int64_t c = 0; c < 32 * nBlocks; ++c, w += kRows) {
        const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16);
        for (int t = 0; t < T; ++t) {
            const __m512 a = _mm512_set1_ps(x[t][c]);
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
    floatTileKernels<kRows, kTokensPerRun, 4, runTileAny<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12>,
                     Isa::Avx512>();
} // namespace

std::span<const TileKernel> avx512FloatTiles() {
    return kFloatTiles;
}

} // namespace realm::kernels
