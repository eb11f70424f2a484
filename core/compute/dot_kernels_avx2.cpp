// AVX2 + FMA + F16C kernels (built with -mavx2 -mfma -mf16c; only called after cpuid
// says so). Integer sums are exactly those of dot_kernels_scalar.cpp.
#include "compute/dot_kernels.h"
#include "compute/simd_avx2.h"
#include "compute/vec_dot_adapters.h"

#include "quant/block_layouts.h"
#include "quant/iq_tables.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace realm::kernels {

namespace {
namespace b = realm::blocks;
using simd::bitsTo0x10;
using simd::h2f;
using simd::nibbles;

inline uint16_t f2h(float f) {
    return static_cast<uint16_t>(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT));
}

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline int hsumI32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

inline float hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// Signed int8 × signed int8, 32 lanes -> 8 int32 partial sums. `w` may hold -128 (its
// magnitude is read as unsigned); activations never do (quantizers stop at ±127).
inline __m256i dotI8(__m256i w, __m256i a) {
    const __m256i p16 = _mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w));
    return _mm256_madd_epi16(p16, _mm256_set1_epi16(1));
}

// Unsigned int8 (< 128) × signed int8 -> 8 int32.
inline __m256i dotU8(__m256i w, __m256i a) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(w, a), _mm256_set1_epi16(1));
}

inline const __m256i* v256(const void* p) {
    return static_cast<const __m256i*>(p);
}

// Decoding streams each weight row from DRAM once: ask for the bytes a few blocks ahead so
// the loads overlap the arithmetic. (Past the row's end it touches the next row, which
// this thread reads next anyway; prefetches never fault.)
inline void prefetchAhead(const void* block, size_t blockBytes) {
    constexpr size_t kDistance = 2048;
    const char* p = static_cast<const char*>(block) + kDistance;
    for (size_t off = 0; off < blockBytes; off += 64)
        _mm_prefetch(p + off, _MM_HINT_T0);
}

// 8 int32 lanes of 8 floats each (32 values) -> 32 int8 in order.
inline __m256i packI8(__m256i i0, __m256i i1, __m256i i2, __m256i i3) {
    const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
    return _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// ---- activation quantizers -------------------------------------------------------

template <bool WithSum> void quantizeQ8Blocks(const float* x, int8_t* qs, float& dOut, int& sumOut) {
    const __m256 signBit = _mm256_set1_ps(-0.0f);
    __m256 v[4];
    __m256 maxAbs = _mm256_setzero_ps();
    for (int k = 0; k < 4; ++k) {
        v[k] = _mm256_loadu_ps(x + 8 * k);
        maxAbs = _mm256_max_ps(maxAbs, _mm256_andnot_ps(signBit, v[k]));
    }
    const float amax = hmax(maxAbs);
    const float d = amax / 127.0f;
    const float id = d != 0 ? 1.0f / d : 0.0f;
    const __m256 mul = _mm256_set1_ps(id);
    __m256i i[4];
    for (int k = 0; k < 4; ++k)
        i[k] = _mm256_cvtps_epi32(_mm256_mul_ps(v[k], mul));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(qs), packI8(i[0], i[1], i[2], i[3]));
    dOut = d;
    if constexpr (WithSum)
        sumOut = hsumI32(_mm256_add_epi32(_mm256_add_epi32(i[0], i[1]), _mm256_add_epi32(i[2], i[3])));
}

void quantizeQ8_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_0*>(dst);
    for (int64_t i = 0; i < n / 32; ++i) {
        float d;
        int unused = 0;
        quantizeQ8Blocks<false>(x + 32 * i, y[i].qs, d, unused);
        y[i].d = f2h(d);
    }
}

void quantizeQ8_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_1*>(dst);
    for (int64_t i = 0; i < n / 32; ++i) {
        float d;
        int sum = 0;
        quantizeQ8Blocks<true>(x + 32 * i, y[i].qs, d, sum);
        y[i].d = f2h(d);
        y[i].s = f2h(static_cast<float>(sum) * d);
    }
}

void quantizeQ8_K(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_K*>(dst);
    const __m256 signBit = _mm256_set1_ps(-0.0f);
    for (int64_t i = 0; i < n / 256; ++i, x += 256) {
        __m256 maxAbs = _mm256_setzero_ps();
        for (int k = 0; k < 256; k += 8)
            maxAbs = _mm256_max_ps(maxAbs, _mm256_andnot_ps(signBit, _mm256_loadu_ps(x + k)));
        const float amax = hmax(maxAbs);
        if (amax == 0) {
            std::memset(&y[i], 0, sizeof(b::Q8_K));
            continue;
        }
        int first = 0; // the signed value of largest magnitude, first on ties (as the scalar one)
        while (first < 255 && std::fabs(x[first]) != amax)
            ++first;
        const float iscale = -127.0f / x[first];
        const __m256 mul = _mm256_set1_ps(iscale);
        for (int k = 0; k < 256; k += 32) {
            __m256i q[4];
            for (int j = 0; j < 4; ++j)
                q[j] = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + k + 8 * j), mul));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(y[i].qs + k), packI8(q[0], q[1], q[2], q[3]));
            y[i].bsums[k / 16] = static_cast<int16_t>(hsumI32(_mm256_add_epi32(q[0], q[1])));
            y[i].bsums[k / 16 + 1] = static_cast<int16_t>(hsumI32(_mm256_add_epi32(q[2], q[3])));
        }
        y[i].d = 1.0f / iscale;
    }
}

// ---- float weights -----------------------------------------------------------------

template <class Load> float dotFloat(int64_t n, const float* x, Load load) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    int64_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; ++k)
            acc[k] = _mm256_fmadd_ps(load(i + 8 * k), _mm256_loadu_ps(x + i + 8 * k), acc[k]);
    for (; i + 8 <= n; i += 8)
        acc[0] = _mm256_fmadd_ps(load(i), _mm256_loadu_ps(x + i), acc[0]);
    return hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

float dotF32(int64_t n, const void* w, const void* xv) {
    const auto* a = static_cast<const float*>(w);
    const auto* x = static_cast<const float*>(xv);
    float s = dotFloat(n, x, [a](int64_t i) { return _mm256_loadu_ps(a + i); });
    for (int64_t i = n & ~int64_t{7}; i < n; ++i)
        s += a[i] * x[i];
    return s;
}

float dotF16(int64_t n, const void* w, const void* xv) {
    const auto* a = static_cast<const uint16_t*>(w);
    const auto* x = static_cast<const float*>(xv);
    float s = dotFloat(n, x, [a](int64_t i) {
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)));
    });
    for (int64_t i = n & ~int64_t{7}; i < n; ++i)
        s += h2f(a[i]) * x[i];
    return s;
}

float dotBF16(int64_t n, const void* w, const void* xv) {
    const auto* a = static_cast<const uint16_t*>(w);
    const auto* x = static_cast<const float*>(xv);
    float s = dotFloat(n, x, [a](int64_t i) {
        const __m256i u = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)));
        return _mm256_castsi256_ps(_mm256_slli_epi32(u, 16));
    });
    for (int64_t i = n & ~int64_t{7}; i < n; ++i) {
        const uint32_t bits = static_cast<uint32_t>(a[i]) << 16;
        float f;
        std::memcpy(&f, &bits, 4);
        s += f * x[i];
    }
    return s;
}

// ---- 32-element blocks ---------------------------------------------------------------

float dotQ4_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q4_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        const __m256i q = _mm256_sub_epi8(nibbles(a[i].qs), _mm256_set1_epi8(8));
        const __m256i s = dotI8(q, _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
    }
    return hsum(acc);
}

// Q4_0, one token against four rows, two rows per register (row r in the low 128-bit lane, row
// r+1 in the high one): a block's 16 nibble bytes of both rows make one load, their low nibbles
// meet the block's first 16 activations and their high nibbles the last 16, broadcast to both
// lanes once for the four rows. The nibbles multiply unsigned (0..15, no sign tricks), and the
// offset 8·Σ act of a block, the same for every row, is taken off per row with one scalar
// multiply-add: `offsets[k]` = 8·Σ act_k·yd_k.
void dotQ4_04Rows(int64_t n, const uint8_t* w, size_t wStride, const b::Q8_0* y, const float* offsets,
                  float* out) {
    using Block = b::Q4_0;
    const Block* a[4];
    for (int r = 0; r < 4; ++r)
        a[r] = reinterpret_cast<const Block*>(w + r * wStride);
    const __m256i m4 = _mm256_set1_epi8(0x0F), ones = _mm256_set1_epi16(1);
    __m256 acc01 = _mm256_setzero_ps(), acc23 = _mm256_setzero_ps();
    float offset[4] = {};
    const int64_t nb = n / 32;
    auto pair = [&](const Block& b0, const Block& b1, __m256i actLow, __m256i actHigh, float dy, __m256 acc) {
        const __m256i q = _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(b1.qs),
                                              reinterpret_cast<const __m128i*>(b0.qs));
        const __m256i low = _mm256_and_si256(q, m4), high = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
        const __m256i sums = _mm256_madd_epi16(
            _mm256_add_epi16(_mm256_maddubs_epi16(low, actLow), _mm256_maddubs_epi16(high, actHigh)), ones);
        const __m256 scale = _mm256_set_m128(_mm_set1_ps(h2f(b1.d) * dy), _mm_set1_ps(h2f(b0.d) * dy));
        return _mm256_fmadd_ps(scale, _mm256_cvtepi32_ps(sums), acc);
    };
    for (int64_t k = 0; k < nb; ++k) {
        // The four rows after the next four, as one run (rows are contiguous): 4 blocks per block.
        if (k % 8 == 0)
            for (size_t off = 0; off < 4 * 8 * sizeof(Block); off += 64)
                _mm_prefetch(reinterpret_cast<const char*>(w + 8 * wStride + k * 4 * sizeof(Block)) + off,
                             _MM_HINT_T0);
        const __m256i actLow =
            _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y[k].qs)));
        const __m256i actHigh =
            _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y[k].qs + 16)));
        const float dy = h2f(y[k].d);
        acc01 = pair(a[0][k], a[1][k], actLow, actHigh, dy, acc01);
        acc23 = pair(a[2][k], a[3][k], actLow, actHigh, dy, acc23);
        for (int r = 0; r < 4; ++r)
            offset[r] += h2f(a[r][k].d) * offsets[k];
    }
    const auto halves = [](__m256 v, float* two) {
        __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
        const __m128 pairs = _mm_hadd_ps(lo, hi); // lo0+lo1, lo2+lo3, hi0+hi1, hi2+hi3
        const __m128 sums = _mm_hadd_ps(pairs, pairs);
        two[0] = _mm_cvtss_f32(sums);
        two[1] = _mm_cvtss_f32(_mm_shuffle_ps(sums, sums, 1));
    };
    float rows[4];
    halves(acc01, rows);
    halves(acc23, rows + 2);
    for (int r = 0; r < 4; ++r)
        out[r] = rows[r] - offset[r];
}

// Q4_0's offset term of a block, the same for every row: 8·Σ act·d.
float q4_0Offset(const b::Q8_0& y) {
    return static_cast<float>(8 * hsumI32(dotU8(_mm256_set1_epi8(1), _mm256_loadu_si256(v256(y.qs))))) *
           h2f(y.d);
}

float dotQ4_1(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q4_1*>(w);
    const auto* y = static_cast<const b::Q8_1*>(x);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        const __m256i s = dotU8(nibbles(a[i].qs), _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
        mins += h2f(a[i].m) * h2f(y[i].s);
    }
    return hsum(acc) + mins;
}

float dotQ5_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        const __m256i q =
            _mm256_sub_epi8(_mm256_or_si256(nibbles(a[i].qs), bitsTo0x10(qh)), _mm256_set1_epi8(16));
        const __m256i s = dotI8(q, _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
    }
    return hsum(acc);
}

float dotQ5_1(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_1*>(w);
    const auto* y = static_cast<const b::Q8_1*>(x);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        const __m256i q = _mm256_or_si256(nibbles(a[i].qs), bitsTo0x10(qh));
        const __m256i s = dotU8(q, _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
        mins += h2f(a[i].m) * h2f(y[i].s);
    }
    return hsum(acc) + mins;
}

float dotQ8_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q8_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        const __m256i s = dotI8(_mm256_loadu_si256(v256(a[i].qs)), _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
    }
    return hsum(acc);
}

inline __m256i iq4Table() {
    const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(iq::kIq4nlValues));
    return _mm256_set_m128i(t, t);
}

float dotIQ4_NL(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::IQ4_NL*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    const __m256i table = iq4Table();
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 32; ++i) {
        prefetchAhead(a + i, 1);
        const __m256i q = _mm256_shuffle_epi8(table, nibbles(a[i].qs));
        const __m256i s = dotI8(q, _mm256_loadu_si256(v256(y[i].qs)));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(a[i].d) * h2f(y[i].d)), _mm256_cvtepi32_ps(s), acc);
    }
    return hsum(acc);
}

// ---- 256-element super-blocks (activations Q8_K) -----------------------------------

// Scale for 16-element group g in the low 128 bits and g+1 in the high ones, as int16.
inline __m256i scalePair(int g0, int g1) {
    return _mm256_set_m128i(_mm_set1_epi16(static_cast<short>(g1)), _mm_set1_epi16(static_cast<short>(g0)));
}

float dotQ2_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q2_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const __m256i m3 = _mm256_set1_epi8(3);
    __m256 acc = _mm256_setzero_ps();
    float accMin = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q2_K));
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a[i].scales));
        const __m256i mins = _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(sc8, 4), _mm_set1_epi8(0x0F)));
        const int sumMin = hsumI32(_mm256_madd_epi16(mins, _mm256_loadu_si256(v256(y[i].bsums))));
        __m256i sumi = _mm256_setzero_si256();
        for (int c = 0; c < 2; ++c) {
            const __m256i bits = _mm256_loadu_si256(v256(a[i].qs + 32 * c));
            for (int sh = 0; sh < 4; ++sh) {
                const __m256i q = _mm256_and_si256(_mm256_srli_epi16(bits, 2 * sh), m3);
                const __m256i p =
                    _mm256_maddubs_epi16(q, _mm256_loadu_si256(v256(y[i].qs + 128 * c + 32 * sh)));
                const int g = 8 * c + 2 * sh;
                sumi = _mm256_add_epi32(
                    sumi, _mm256_madd_epi16(p, scalePair(a[i].scales[g] & 15, a[i].scales[g + 1] & 15)));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * h2f(a[i].d)), _mm256_cvtepi32_ps(sumi), acc);
        accMin += y[i].d * h2f(a[i].dmin) * static_cast<float>(sumMin);
    }
    return hsum(acc) - accMin;
}

float dotQ3_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q3_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const __m256i m3 = _mm256_set1_epi8(3), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q3_K));
        int8_t sc[16];
        for (int j = 0; j < 16; ++j) {
            const int low = j < 8 ? (a[i].scales[j] & 15) : (a[i].scales[j - 8] >> 4);
            const int high = (a[i].scales[8 + j % 4] >> (2 * (j / 4))) & 3;
            sc[j] = static_cast<int8_t>((low | (high << 4)) - 32);
        }
        // value = (low2 | high<<2) - 4: the -4 is folded in through the group sums.
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc)));
        const __m256i offset =
            _mm256_slli_epi32(_mm256_madd_epi16(sc16, _mm256_loadu_si256(v256(y[i].bsums))), 2);
        __m256i sumi = _mm256_sub_epi32(_mm256_setzero_si256(), offset);
        const __m256i hm = _mm256_loadu_si256(v256(a[i].hmask));
        for (int c = 0; c < 2; ++c) {
            const __m256i bits = _mm256_loadu_si256(v256(a[i].qs + 32 * c));
            for (int sh = 0; sh < 4; ++sh) {
                const __m256i hb =
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hm, 4 * c + sh), one), 2);
                const __m256i q = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits, 2 * sh), m3), hb);
                const __m256i p =
                    _mm256_maddubs_epi16(q, _mm256_loadu_si256(v256(y[i].qs + 128 * c + 32 * sh)));
                const int g = 8 * c + 2 * sh;
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scalePair(sc[g], sc[g + 1])));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * h2f(a[i].d)), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(acc);
}

// Σ_j min_j · (bsum_2j + bsum_2j+1) for the 8 sub-blocks.
inline int minsDot(const uint32_t sm[4], const int16_t* bsums) {
    const __m128i mins =
        _mm_cvtepu8_epi16(_mm_set_epi32(0, 0, static_cast<int>(sm[3]), static_cast<int>(sm[2])));
    const __m256i bs = _mm256_loadu_si256(v256(bsums));
    const __m128i pairSums = _mm_hadd_epi16(_mm256_castsi256_si128(bs), _mm256_extracti128_si256(bs, 1));
    __m128i p = _mm_madd_epi16(mins, pairSums);
    p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0x4e));
    p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0xb1));
    return _mm_cvtsi128_si32(p);
}

// Q4_K against NX tokens at once: the row's scales and nibbles are unpacked once and
// reused for every token (prompt processing); NX = 1 is the decode kernel.
template <int NX> void dotQ4_KMulti(int64_t n, const void* w, const void* x, size_t xStride, float* out) {
    const auto* a = static_cast<const b::Q4_K*>(w);
    const b::Q8_K* y[NX];
    for (int t = 0; t < NX; ++t)
        y[t] = reinterpret_cast<const b::Q8_K*>(static_cast<const uint8_t*>(x) + t * xStride);
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    __m256 acc[NX];
    float accMin[NX];
    for (int t = 0; t < NX; ++t) {
        acc[t] = _mm256_setzero_ps();
        accMin[t] = 0;
    }
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q4_K));
        uint32_t sm[4];
        b::unpackScalesMinsK4(a[i].scales, sm);
        const auto* sc = reinterpret_cast<const uint8_t*>(sm);
        const float dA = h2f(a[i].d), dM = h2f(a[i].dmin);
        __m256i sumi[NX];
        for (int t = 0; t < NX; ++t) {
            accMin[t] += y[t][i].d * dM * static_cast<float>(minsDot(sm, y[t][i].bsums));
            sumi[t] = _mm256_setzero_si256();
        }
        for (int j = 0; j < 4; ++j) {
            const __m256i bits = _mm256_loadu_si256(v256(a[i].qs + 32 * j));
            const __m256i lo = _mm256_and_si256(bits, m4);
            const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4);
            const __m256i s0 = _mm256_set1_epi16(sc[2 * j]), s1 = _mm256_set1_epi16(sc[2 * j + 1]);
            for (int t = 0; t < NX; ++t) {
                const __m256i p0 = _mm256_maddubs_epi16(lo, _mm256_loadu_si256(v256(y[t][i].qs + 64 * j)));
                const __m256i p1 =
                    _mm256_maddubs_epi16(hi, _mm256_loadu_si256(v256(y[t][i].qs + 64 * j + 32)));
                sumi[t] = _mm256_add_epi32(
                    sumi[t], _mm256_add_epi32(_mm256_madd_epi16(p0, s0), _mm256_madd_epi16(p1, s1)));
            }
        }
        for (int t = 0; t < NX; ++t)
            acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(y[t][i].d * dA), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
    }
    for (int t = 0; t < NX; ++t)
        out[t] = hsum(acc[t]) - accMin[t];
}

float dotQ5_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    float accMin = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q5_K));
        uint32_t sm[4];
        b::unpackScalesMinsK4(a[i].scales, sm);
        const auto* sc = reinterpret_cast<const uint8_t*>(sm);
        accMin += y[i].d * h2f(a[i].dmin) * static_cast<float>(minsDot(sm, y[i].bsums));
        const __m256i hbits = _mm256_loadu_si256(v256(a[i].qh));
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 4; ++j) {
            const __m256i bits = _mm256_loadu_si256(v256(a[i].qs + 32 * j));
            const __m256i h0 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * j), one), 4);
            const __m256i h1 =
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * j + 1), one), 4);
            const __m256i lo = _mm256_or_si256(_mm256_and_si256(bits, m4), h0);
            const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits, 4), m4), h1);
            const __m256i p0 = _mm256_maddubs_epi16(lo, _mm256_loadu_si256(v256(y[i].qs + 64 * j)));
            const __m256i p1 = _mm256_maddubs_epi16(hi, _mm256_loadu_si256(v256(y[i].qs + 64 * j + 32)));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p0, _mm256_set1_epi16(sc[2 * j])));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p1, _mm256_set1_epi16(sc[2 * j + 1])));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * h2f(a[i].d)), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(acc) - accMin;
}

// Q6_K against NX tokens at once (see dotQ4_KMulti).
template <int NX> void dotQ6_KMulti(int64_t n, const void* w, const void* x, size_t xStride, float* out) {
    const auto* a = static_cast<const b::Q6_K*>(w);
    const b::Q8_K* y[NX];
    for (int t = 0; t < NX; ++t)
        y[t] = reinterpret_cast<const b::Q8_K*>(static_cast<const uint8_t*>(x) + t * xStride);
    const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(3);
    __m256 acc[NX];
    for (int t = 0; t < NX; ++t)
        acc[t] = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q6_K));
        const int8_t* sc = a[i].scales;
        // value = q6 - 32: the -32 is folded in through the group sums.
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc)));
        __m256i sumi[NX];
        for (int t = 0; t < NX; ++t)
            sumi[t] = _mm256_sub_epi32(
                _mm256_setzero_si256(),
                _mm256_slli_epi32(_mm256_madd_epi16(sc16, _mm256_loadu_si256(v256(y[t][i].bsums))), 5));
        for (int c = 0; c < 2; ++c) {
            const __m256i l0 = _mm256_loadu_si256(v256(a[i].ql + 64 * c));
            const __m256i l1 = _mm256_loadu_si256(v256(a[i].ql + 64 * c + 32));
            const __m256i h = _mm256_loadu_si256(v256(a[i].qh + 32 * c));
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(h, m3), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(l1, m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), m3), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), m3), 4));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), m3), 4));
            for (int k = 0; k < 4; ++k) {
                const int g = 8 * c + 2 * k;
                const __m256i scale = scalePair(sc[g], sc[g + 1]);
                for (int t = 0; t < NX; ++t) {
                    const __m256i p =
                        _mm256_maddubs_epi16(q[k], _mm256_loadu_si256(v256(y[t][i].qs + 128 * c + 32 * k)));
                    sumi[t] = _mm256_add_epi32(sumi[t], _mm256_madd_epi16(p, scale));
                }
            }
        }
        const float dA = h2f(a[i].d);
        for (int t = 0; t < NX; ++t)
            acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(y[t][i].d * dA), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
    }
    for (int t = 0; t < NX; ++t)
        out[t] = hsum(acc[t]);
}

float dotIQ4_XS(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::IQ4_XS*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const __m256i table = iq4Table();
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::IQ4_XS));
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 8; ++j) {
            const int ls =
                ((a[i].scales_l[j / 2] >> (4 * (j % 2))) & 15) | (((a[i].scales_h >> (2 * j)) & 3) << 4);
            const __m256i q = _mm256_shuffle_epi8(table, nibbles(a[i].qs + 16 * j));
            const __m256i act = _mm256_loadu_si256(v256(y[i].qs + 32 * j));
            const __m256i p = _mm256_maddubs_epi16(_mm256_sign_epi8(q, q), _mm256_sign_epi8(act, q));
            sumi =
                _mm256_add_epi32(sumi, _mm256_madd_epi16(p, _mm256_set1_epi16(static_cast<short>(ls - 32))));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * h2f(a[i].d)), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(acc);
}

constexpr VecDotFn kQ4_K = batched<dotQ4_KMulti<1>, dotQ4_KMulti<2>, dotQ4_KMulti<3>, dotQ4_KMulti<4>>;
constexpr VecDotFn kQ6_K = batched<dotQ6_KMulti<1>, dotQ6_KMulti<2>, dotQ6_KMulti<3>, dotQ6_KMulti<4>>;

constexpr DotKernel kAvx2[] = {
    {GgmlType::F32, GgmlType::F32, nullptr, perToken<dotF32>, Isa::Avx2},
    {GgmlType::F16, GgmlType::F32, nullptr, perToken<dotF16>, Isa::Avx2},
    {GgmlType::BF16, GgmlType::F32, nullptr, perToken<dotBF16>, Isa::Avx2},
    {GgmlType::Q4_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ4_0>, Isa::Avx2,
     rowsInFoursWithBlockTerms<b::Q8_0, q4_0Offset, dotQ4_04Rows, dotQ4_0>},
    {GgmlType::Q4_1, GgmlType::Q8_1, quantizeQ8_1, perToken<dotQ4_1>, Isa::Avx2},
    {GgmlType::Q5_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ5_0>, Isa::Avx2},
    {GgmlType::Q5_1, GgmlType::Q8_1, quantizeQ8_1, perToken<dotQ5_1>, Isa::Avx2},
    {GgmlType::Q8_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ8_0>, Isa::Avx2},
    {GgmlType::IQ4_NL, GgmlType::Q8_0, quantizeQ8_0, perToken<dotIQ4_NL>, Isa::Avx2},
    {GgmlType::Q2_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ2_K>, Isa::Avx2},
    {GgmlType::Q3_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ3_K>, Isa::Avx2},
    {GgmlType::Q4_K, GgmlType::Q8_K, quantizeQ8_K, kQ4_K, Isa::Avx2},
    {GgmlType::Q5_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ5_K>, Isa::Avx2},
    {GgmlType::Q6_K, GgmlType::Q8_K, quantizeQ8_K, kQ6_K, Isa::Avx2},
    {GgmlType::IQ4_XS, GgmlType::Q8_K, quantizeQ8_K, perToken<dotIQ4_XS>, Isa::Avx2},
};
} // namespace

const DotKernel* avx2Kernel(GgmlType type) {
    for (const auto& k : kAvx2)
        if (k.weightType == type) return &k;
    return nullptr;
}

} // namespace realm::kernels
