#pragma once
// The values of one K-quant super-block row as 8 vectors of 32 consecutive columns, unsigned
// (Q6_K keeps its +32), for the K-quant tile packers of every ISA file (internal linkage,
// see simd_avx2.h).
#include "compute/simd_avx2.h"

#include "quant/block_layouts.h"

namespace realm::simd {
namespace {

// Row r's 256 values of super-block i as 8 vectors of 32 consecutive columns.
// Q4_K / Q5_K low bits: 64-column chunk j is the low then the high nibbles of qs[32j..].
inline void nibbleKValues(const uint8_t* qs, __m256i v[8]) {
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    for (int j = 0; j < 4; ++j) {
        const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs + 32 * j));
        v[2 * j] = _mm256_and_si256(bits, m4);
        v[2 * j + 1] = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4);
    }
}

inline void valuesQ4_K(const uint8_t* block, __m256i v[8]) {
    nibbleKValues(reinterpret_cast<const blocks::Q4_K*>(block)->qs, v);
}

inline void valuesQ5_K(const uint8_t* block, __m256i v[8]) {
    const auto& x = *reinterpret_cast<const blocks::Q5_K*>(block);
    nibbleKValues(x.qs, v);
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.qh));
    const __m256i one = _mm256_set1_epi8(1);
    for (int k = 0; k < 8; ++k)
        v[k] = _mm256_or_si256(v[k], _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, k), one), 4));
}

inline void valuesQ6_K(const uint8_t* block, __m256i v[8]) {
    const auto& x = *reinterpret_cast<const blocks::Q6_K*>(block);
    const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(3);
    for (int h = 0; h < 2; ++h) {
        const __m256i l0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.ql + 64 * h));
        const __m256i l1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.ql + 64 * h + 32));
        const __m256i hb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.qh + 32 * h));
        auto high = [&](int shift) {
            return _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, shift), m3), 4);
        };
        v[4 * h] = _mm256_or_si256(_mm256_and_si256(l0, m4), high(0));
        v[4 * h + 1] = _mm256_or_si256(_mm256_and_si256(l1, m4), high(2));
        v[4 * h + 2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), high(4));
        v[4 * h + 3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4), high(6));
    }
}

} // namespace
} // namespace realm::simd
