// AVX2 packer and runner for float-weight tiles (F32, F16, BF16; format in row_tiles.h):
// 16 rows converted to f32 once per chunk, then each activation is broadcast and fed to
// two 8-row FMAs per token.
#include "compute/row_tiles.h"
#include "compute/simd_avx2.h"

namespace realm::kernels {

namespace {

constexpr int kRows = 16;
constexpr int kTokensPerRun = 6; // 12 accumulators, 2 weight vectors and a broadcast: 15 of 16 registers

__m256 loadF32(const uint8_t* p) { return _mm256_loadu_ps(reinterpret_cast<const float*>(p)); }
__m256 loadF16(const uint8_t* p) { return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
__m256 loadBF16(const uint8_t* p) {
    const __m256i u = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(u, 16));
}

// 8 columns at a time of rows [r0, r0 + 8): transposed so that each vector is one column.
template <__m256 (*Load)(const uint8_t*), int ElementBytes>
void packTile(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    auto* out = reinterpret_cast<float*>(tile);
    for (int64_t c = 0; c < 32 * nBlocks; c += 8)
        for (int half = 0; half < 2; ++half) {
            __m256i v[8];
            for (int r = 0; r < 8; ++r)
                v[r] = _mm256_castps_si256(Load(rows + (8 * half + r) * rowStride + c * ElementBytes));
            simd::transpose8x8(v);
            for (int j = 0; j < 8; ++j) _mm256_store_si256(reinterpret_cast<__m256i*>(out + (c + j) * kRows + 8 * half), v[j]);
        }
}

template <int T>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const float* x[T];
    for (int t = 0; t < T; ++t) x[t] = reinterpret_cast<const float*>(act.rows + t * act.rowStride);
    const auto* w = reinterpret_cast<const float*>(tile);
    __m256 lo[T], hi[T];
    for (int t = 0; t < T; ++t) lo[t] = hi[t] = _mm256_setzero_ps();
    for (int64_t c = 0; c < 32 * nBlocks; ++c, w += kRows) {
        const __m256 w0 = _mm256_load_ps(w), w1 = _mm256_load_ps(w + 8);
        for (int t = 0; t < T; ++t) {
            const __m256 a = _mm256_broadcast_ss(x[t] + c);
            lo[t] = _mm256_fmadd_ps(w0, a, lo[t]);
            hi[t] = _mm256_fmadd_ps(w1, a, hi[t]);
        }
    }
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

void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y, size_t yStride,
                bool accumulate) {
    static_assert(kTokensPerRun == 6);
    switch (nTokens) {
    case 6: runTile<6>(tile, n, act, y, yStride, accumulate); break;
    case 5: runTile<5>(tile, n, act, y, yStride, accumulate); break;
    case 4: runTile<4>(tile, n, act, y, yStride, accumulate); break;
    case 3: runTile<3>(tile, n, act, y, yStride, accumulate); break;
    case 2: runTile<2>(tile, n, act, y, yStride, accumulate); break;
    case 1: runTile<1>(tile, n, act, y, yStride, accumulate); break;
    default: break;
    }
}

template <GgmlType Type, __m256 (*Load)(const uint8_t*), int ElementBytes> constexpr TileKernel floatKernel() {
    return {Type,
            GgmlType::F32,
            kRows,
            32,
            32 * kRows * sizeof(float),
            8, // 256 columns: 16 KB of tile, 1 KB of each token's activations
            kTokensPerRun,
            0,
            packTile<Load, ElementBytes>,
            runTileAny,
            Isa::Avx2};
}

constexpr TileKernel kFloatTiles[] = {
    floatKernel<GgmlType::F32, loadF32, 4>(),
    floatKernel<GgmlType::F16, loadF16, 2>(),
    floatKernel<GgmlType::BF16, loadBF16, 2>(),
};
} // namespace

std::span<const TileKernel> avx2FloatTiles() { return kFloatTiles; }

} // namespace realm::kernels
