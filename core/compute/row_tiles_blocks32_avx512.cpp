// AVX-512 VNNI packers and runners for the 32-element-block tiles (format in row_tiles.h),
// 16 rows: one zmm holds 4 columns of every row, and vpdpbusd multiplies the unsigned
// stored values by 4 broadcast activation bytes and sums into int32 in one instruction, so
// every type is stored unsigned (Q8_0 and IQ4_NL offset by 128) and the offset is
// corrected exactly through the activations' block sums.
#include "compute/row_tiles.h"
#include "compute/row_tiles_blocks32_simd.h"

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using namespace simd;

constexpr int kRows = 16;
constexpr int kTokensPerRun = 8;

template <bool HasMin> constexpr size_t kBlockBytes = 32 * kRows + (HasMin ? 2 : 1) * kRows * sizeof(float);

template <class Block, __m256i (*Values)(const uint8_t*), bool HasMin>
void packTile(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile) {
    for (int64_t i = 0; i < nBlocks; ++i, tile += kBlockBytes<HasMin>) {
        float d[kRows], m[kRows];
        for (int half = 0; half < 2; ++half) {
            __m256i v[8];
            for (int r = 0; r < 8; ++r) {
                const uint8_t* block = rows + (8 * half + r) * rowStride + i * sizeof(Block);
                v[r] = Values(block);
                d[8 * half + r] = h2f(reinterpret_cast<const Block*>(block)->d);
                if constexpr (HasMin) m[8 * half + r] = h2f(reinterpret_cast<const Block*>(block)->m);
            }
            transpose8x8(v);
            for (int g = 0; g < 8; ++g)
                _mm256_store_si256(reinterpret_cast<__m256i*>(tile + 64 * g + 32 * half), v[g]);
        }
        _mm512_store_ps(tile + 32 * kRows, _mm512_loadu_ps(d));
        if constexpr (HasMin) _mm512_store_ps(tile + 36 * kRows, _mm512_loadu_ps(m));
    }
}

template <int T, class ActBlock, bool HasMin>
void runTile(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, float* y, size_t yStride,
             bool accumulate) {
    const ActBlock* x[T];
    const ActBlockSummary* sum[T];
    for (int t = 0; t < T; ++t) {
        x[t] = reinterpret_cast<const ActBlock*>(act.rows + t * act.rowStride);
        sum[t] = act.summaries + t * act.summaryStride;
    }
    __m512 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < nBlocks; ++i, tile += kBlockBytes<HasMin>) {
        const auto* q = reinterpret_cast<const __m512i*>(tile);
        __m512i s[T];
        for (int t = 0; t < T; ++t) {
            if constexpr (HasMin)
                s[t] = _mm512_setzero_si512();
            else
                s[t] = _mm512_set1_epi32(sum[t][i].offsetCorrection);
        }
        for (int g = 0; g < 8; ++g) {
            const __m512i w = _mm512_load_si512(q + g);
            for (int t = 0; t < T; ++t) {
                int32_t a;
                std::memcpy(&a, x[t][i].qs + 4 * g, 4);
                s[t] = _mm512_dpbusd_epi32(s[t], w, _mm512_set1_epi32(a));
            }
        }
        const __m512 d = _mm512_load_ps(q + 8);
        for (int t = 0; t < T; ++t)
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s[t]), _mm512_mul_ps(d, _mm512_set1_ps(sum[t][i].d)),
                                     acc[t]);
        if constexpr (HasMin) {
            const __m512 m = _mm512_load_ps(reinterpret_cast<const float*>(q + 8) + kRows);
            for (int t = 0; t < T; ++t)
                acc[t] = _mm512_fmadd_ps(m, _mm512_set1_ps(sum[t][i].s), acc[t]);
        }
    }
    for (int t = 0; t < T; ++t) {
        if (accumulate) acc[t] = _mm512_add_ps(acc[t], _mm512_loadu_ps(y + t * yStride));
        _mm512_storeu_ps(y + t * yStride, acc[t]);
    }
}

template <class ActBlock, bool HasMin, int... T>
void runTileAny(const uint8_t* tile, int64_t n, const TileActivations& act, int nTokens, float* y,
                size_t yStride, bool accumulate) {
    ((nTokens == T ? runTile<T, ActBlock, HasMin>(tile, n, act, y, yStride, accumulate) : void()), ...);
}

template <GgmlType Type, class Block, __m256i (*Values)(const uint8_t*), int ValueOffset>
constexpr TileKernel blocks32Kernel() {
    constexpr bool kHasMin = Type == GgmlType::Q4_1 || Type == GgmlType::Q5_1;
    using ActBlock = std::conditional_t<kHasMin, b::Q8_1, b::Q8_0>;
    static_assert(kTokensPerRun == 8);
    return {Type,
            kHasMin ? GgmlType::Q8_1 : GgmlType::Q8_0,
            kRows,
            32,
            kBlockBytes<kHasMin>,
            64, // 2048 columns: 36 KB of tile
            kTokensPerRun,
            ValueOffset,
            packTile<Block, Values, kHasMin>,
            runTileAny<ActBlock, kHasMin, 1, 2, 3, 4, 5, 6, 7, 8>,
            Isa::Avx512};
}

constexpr TileKernel kBlocks32Tiles[] = {
    blocks32Kernel<GgmlType::Q4_0, b::Q4_0, nibbleValues<b::Q4_0>, 8>(),
    blocks32Kernel<GgmlType::Q4_1, b::Q4_1, nibbleValues<b::Q4_1>, 0>(),
    blocks32Kernel<GgmlType::Q5_0, b::Q5_0, fiveBitValues<b::Q5_0>, 16>(),
    blocks32Kernel<GgmlType::Q5_1, b::Q5_1, fiveBitValues<b::Q5_1>, 0>(),
    blocks32Kernel<GgmlType::Q8_0, b::Q8_0, offsetBy128<q8Values>, 128>(),
    blocks32Kernel<GgmlType::IQ4_NL, b::IQ4_NL, offsetBy128<iq4nlValues>, 128>(),
};
} // namespace

std::span<const TileKernel> avx512Blocks32Tiles() {
    return kBlocks32Tiles;
}

} // namespace realm::kernels
