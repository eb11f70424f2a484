#pragma once
// The integer values of one 32-element block as 32 bytes in column order, for the
// 32-element-block tile packers of every ISA file (internal linkage, see simd_avx2.h).
// Nibble types give their unsigned stored values (Q4_0 and Q5_0 keep their +8 / +16);
// Q8_0 and IQ4_NL give signed values.
#include "compute/simd_avx2.h"

#include "quant/block_layouts.h"

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
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(reinterpret_cast<const blocks::Q8_0*>(block)->qs));
}

inline __m256i iq4nlValues(const uint8_t* block) {
    static constexpr int8_t kValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
    const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kValues));
    return _mm256_shuffle_epi8(_mm256_set_m128i(t, t), nibbles(reinterpret_cast<const blocks::IQ4_NL*>(block)->qs));
}

// Signed values + 128 as unsigned bytes.
template <__m256i (*Signed)(const uint8_t*)> __m256i offsetBy128(const uint8_t* block) {
    return _mm256_xor_si256(Signed(block), _mm256_set1_epi8(static_cast<char>(0x80)));
}

} // namespace
} // namespace realm::simd
