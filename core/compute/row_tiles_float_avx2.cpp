// AVX2 packer and runner for float-weight tiles (F32, F16, BF16; format in row_tiles.h):
// 16 rows converted to f32 once per chunk, then each activation is broadcast and fed to
// two 8-row FMAs per token.
#include "compute/row_tiles.h"
#include "compute/row_tiles_float_simd.h"

namespace realm::kernels {

namespace {
using namespace simd;

constexpr int kRows = 16;
constexpr int kTokensPerRun = 6; // 12 accumulators, 2 weight vectors and a broadcast: 15 of 16 registers

template <int T>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const auto* x = reinterpret_cast<const float*>(act.rows); // column by column
    const auto* w = reinterpret_cast<const float*>(tile);
    // Every loop over the tokens unrolled early: GCC then keeps the accumulators in registers
    // (without the pragmas it stored ten of them to the stack on every column, at half speed).
    __m256 lo[T], hi[T];
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t)
        lo[t] = hi[t] = _mm256_setzero_ps();
    for (int64_t c = 0; c < 32 * nBlocks; ++c, w += kRows, x += T) {
        const __m256 w0 = _mm256_load_ps(w), w1 = _mm256_load_ps(w + 8);
#pragma GCC unroll 8
        for (int t = 0; t < T; ++t) {
            const __m256 a = _mm256_broadcast_ss(x + t);
            lo[t] = _mm256_fmadd_ps(w0, a, lo[t]);
            hi[t] = _mm256_fmadd_ps(w1, a, hi[t]);
        }
    }
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
        float* out = y + t * yStride;
        if (accumulate) {
            lo[t] = _mm256_add_ps(lo[t], _mm256_loadu_ps(out));
            hi[t] = _mm256_add_ps(hi[t], _mm256_loadu_ps(out + 8));
        }
        _mm256_storeu_ps(out, lo[t]);
        _mm256_storeu_ps(out + 8, hi[t]);
    }
}

template <int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T>(tile, n, act, y, yStride, accumulate) : void()), ...);
}

// Chunks of 256 columns: 16 KB of tile, 6 KB of the run's activations.
constexpr auto kFloatTiles =
    floatTileKernels<kRows, kTokensPerRun, 8, runTileAny<1, 2, 3, 4, 5, 6>, Isa::Avx2,
                     packFloatTile<kRows, __m256i, load8F32, transpose8x8, 4>,
                     packFloatTile<kRows, __m256i, load8F16, transpose8x8, 2>,
                     packFloatTile<kRows, __m256i, load8BF16, transpose8x8, 2>>();
} // namespace

std::span<const TileKernel> avx2FloatTiles() {
    return kFloatTiles;
}

void interleaveColumns(const uint8_t* rows, size_t rowStride, int nTokens, int64_t c0, int64_t c1,
                       float* out) {
    auto token = [&](int t) { return reinterpret_cast<const float*>(rows + t * rowStride); };
    int t0 = 0;
    for (; t0 + 8 <= nTokens; t0 += 8) {
        int64_t c = c0;
        for (; c + 8 <= c1; c += 8) {
            __m256i v[8];
#pragma GCC unroll 8
            for (int i = 0; i < 8; ++i)
                v[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(token(t0 + i) + c));
            transpose8x8(v);
#pragma GCC unroll 8
            for (int j = 0; j < 8; ++j)
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + (c + j) * nTokens + t0), v[j]);
        }
        for (; c < c1; ++c)
            for (int i = 0; i < 8; ++i)
                out[c * nTokens + t0 + i] = token(t0 + i)[c];
    }
    for (; t0 < nTokens; ++t0)
        for (int64_t c = c0; c < c1; ++c)
            out[c * nTokens + t0] = token(t0)[c];
}

} // namespace realm::kernels
