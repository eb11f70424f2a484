#pragma once
// The integer values of one 32-element block as 32 bytes in column order, for the
// 32-element-block tile packers of every ISA file (internal linkage, see simd_avx2.h).
// Nibble types give their unsigned stored values (Q4_0 and Q5_0 keep their +8 / +16);
// Q8_0 and IQ4_NL give signed values.
#include "compute/simd_avx2.h"

#include "quant/block_layouts.h"
#include "quant/iq_tables.h"

namespace realm::simd {
namespace {

template <class Block> __m256i nibbleValues(const uint8_t* block) {
    return nibbles(reinterpret_cast<const Block*>(block)->qs);
}

template <class Block> __m256i fiveBitValues(const uint8_t* block) {
    const auto& x = *reinterpret_cast<const Block*>(block);
    uint32_t qh;
    std::memcpy(&qh, x.qh, 4);
    return _mm256_or_si256(nibbles(x.qs), bitsTo0x10(qh));
}

inline __m256i q8Values(const uint8_t* block) {
    return _mm256_loadu_si256(
        reinterpret_cast<const __m256i*>(reinterpret_cast<const blocks::Q8_0*>(block)->qs));
}

// 16 bytes of IQ4_NL / IQ4_XS nibbles -> their 32 signed values.
inline __m256i iq4Values(const uint8_t* qs) {
    const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(iq::kIq4nlValues));
    return _mm256_shuffle_epi8(_mm256_set_m128i(t, t), nibbles(qs));
}

inline __m256i iq4nlValues(const uint8_t* block) {
    return iq4Values(reinterpret_cast<const blocks::IQ4_NL*>(block)->qs);
}

// The 6-bit scale of IQ4_XS sub-block j, minus its 32.
inline int iq4xsScale(const blocks::IQ4_XS& x, int j) {
    return (((x.scales_l[j / 2] >> (4 * (j % 2))) & 15) | (((x.scales_h >> (2 * j)) & 3) << 4)) - 32;
}

// R rows' IQ4_XS super-blocks (format in row_tiles.h), stored values = signed ^ Flip.
template <int Rows, uint8_t Flip>
void packIQ4_XSTile(const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile) {
    for (int64_t i = 0; i < nSuperBlocks; ++i, tile += 292 * Rows) {
        auto* scales = reinterpret_cast<int32_t*>(tile + 256 * Rows);
        auto* d = reinterpret_cast<float*>(scales + 8 * Rows);
        for (int r0 = 0; r0 < Rows; r0 += 8)
            for (int j = 0; j < 8; ++j) {
                __m256i v[8];
                for (int r = 0; r < 8; ++r) {
                    const auto& x = reinterpret_cast<const blocks::IQ4_XS*>(rows + (r0 + r) * rowStride)[i];
                    v[r] =
                        _mm256_xor_si256(iq4Values(x.qs + 16 * j), _mm256_set1_epi8(static_cast<char>(Flip)));
                    scales[j * Rows + r0 + r] = iq4xsScale(x, j);
                    d[r0 + r] = h2f(x.d);
                }
                transpose8x8(v);
                for (int g = 0; g < 8; ++g)
                    _mm256_store_si256(reinterpret_cast<__m256i*>(tile + (8 * j + g) * 4 * Rows + 4 * r0),
                                       v[g]);
            }
    }
}

// Signed values + 128 as unsigned bytes.
template <__m256i (*Signed)(const uint8_t*)> __m256i offsetBy128(const uint8_t* block) {
    return _mm256_xor_si256(Signed(block), _mm256_set1_epi8(static_cast<char>(0x80)));
}

} // namespace
} // namespace realm::simd
