// The read-bandwidth loop with one 64-byte load per line (see read_bandwidth.cpp).
#include "compute/read_lines.h"

#include <immintrin.h>

namespace realm::kernels {

uint64_t sumLinesAvx512(const uint8_t* p, size_t lines) {
    __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                      _mm512_setzero_si512()};
    size_t i = 0;
    for (; i + 4 <= lines; i += 4)
        for (int k = 0; k < 4; ++k)
            acc[k] = _mm512_add_epi64(acc[k], _mm512_loadu_si512(p + 64 * (i + k)));
    for (; i < lines; ++i)
        acc[0] = _mm512_add_epi64(acc[0], _mm512_loadu_si512(p + 64 * i));
    // Summed as unsigned words: _mm512_reduce_add_epi64 adds signed ones, and they overflow.
    alignas(64) uint64_t lanes[8];
    _mm512_store_si512(lanes,
                       _mm512_add_epi64(_mm512_add_epi64(acc[0], acc[1]), _mm512_add_epi64(acc[2], acc[3])));
    uint64_t total = 0;
    for (const uint64_t lane : lanes)
        total += lane;
    return total;
}

} // namespace realm::kernels
