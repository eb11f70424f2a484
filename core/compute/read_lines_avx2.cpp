// The read-bandwidth loop with 32-byte loads (see read_bandwidth.cpp for why width matters).
#include "compute/read_lines.h"

#include <immintrin.h>

namespace realm::kernels {

uint64_t sumLinesAvx2(const uint8_t* p, size_t lines) {
    __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                      _mm256_setzero_si256()};
    size_t i = 0;
    for (; i + 2 <= lines; i += 2)
        for (int k = 0; k < 4; ++k)
            acc[k] = _mm256_add_epi64(acc[k],
                                      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 64 * i) + k));
    for (; i < lines; ++i)
        for (int k = 0; k < 2; ++k)
            acc[k] = _mm256_add_epi64(acc[k],
                                      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 64 * i) + k));
    const __m256i sum = _mm256_add_epi64(_mm256_add_epi64(acc[0], acc[1]), _mm256_add_epi64(acc[2], acc[3]));
    alignas(32) uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

} // namespace realm::kernels
