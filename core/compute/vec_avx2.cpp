// AVX2 + FMA + F16C versions of compute/vec.h (this file alone is built with those flags).
#include "compute/vec.h"

#include "quant/dequantize.h"

#include <algorithm>
#include <cmath>
#include <immintrin.h>

namespace realm::vec {

namespace {
float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

float dotAvx2(const float* a, const float* b, int64_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    float s = hsum(_mm256_add_ps(acc0, acc1));
    for (; i < n; ++i)
        s += a[i] * b[i];
    return s;
}

__m256 loadHalf8(const uint16_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

float dotHalfAvx2(const float* a, const uint16_t* b, int64_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), loadHalf8(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), loadHalf8(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), loadHalf8(b + i), acc0);
    float s = hsum(_mm256_add_ps(acc0, acc1));
    for (; i < n; ++i)
        s += a[i] * halfToFloat(b[i]);
    return s;
}

void axpyAvx2(float a, const float* x, float* y, int64_t n) {
    const __m256 va = _mm256_set1_ps(a);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i)
        y[i] += a * x[i];
}

void axpyHalfAvx2(float a, const uint16_t* x, float* y, int64_t n) {
    const __m256 va = _mm256_set1_ps(a);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, loadHalf8(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i)
        y[i] += a * halfToFloat(x[i]);
}

void toHalfAvx2(const float* src, uint16_t* dst, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; ++i)
        dst[i] = floatToHalf(src[i]);
}
template <bool Half> __m256 load8(const void* base, int64_t i) {
    if constexpr (Half)
        return loadHalf8(static_cast<const uint16_t*>(base) + i);
    else
        return _mm256_loadu_ps(static_cast<const float*>(base) + i);
}
template <bool Half> float load1(const void* base, int64_t i) {
    if constexpr (Half)
        return halfToFloat(static_cast<const uint16_t*>(base)[i]);
    else
        return static_cast<const float*>(base)[i];
}

// Sums of eight vectors, lane g = Σ a[g] (one transpose-and-add instead of eight hsums).
__m256 hsum8(const __m256* a) {
    const __m256 t0 = _mm256_hadd_ps(a[0], a[1]), t1 = _mm256_hadd_ps(a[2], a[3]);
    const __m256 t2 = _mm256_hadd_ps(a[4], a[5]), t3 = _mm256_hadd_ps(a[6], a[7]);
    const __m256 u0 = _mm256_hadd_ps(t0, t1), u1 = _mm256_hadd_ps(t2, t3);
    return _mm256_add_ps(_mm256_permute2f128_ps(u0, u1, 0x20), _mm256_permute2f128_ps(u0, u1, 0x31));
}

// G heads at once: each key row chunk is converted once and used G times.
template <bool Half, int G>
void scoresBlock(const float* q, int64_t D, const void* k, int64_t stride, int64_t nKeys, float scale,
                 float* scores, int64_t ld) {
    const int64_t D8 = D & ~int64_t{7};
    for (int64_t j = 0; j < nKeys; ++j) {
        const int64_t row = j * stride;
        __m256 acc[G];
        for (int g = 0; g < G; ++g)
            acc[g] = _mm256_setzero_ps();
        for (int64_t i = 0; i < D8; i += 8) {
            const __m256 kv = load8<Half>(k, row + i);
            for (int g = 0; g < G; ++g)
                acc[g] = _mm256_fmadd_ps(_mm256_loadu_ps(q + g * D + i), kv, acc[g]);
        }
        alignas(32) float sums[8];
        if constexpr (G == 8) {
            _mm256_store_ps(sums, hsum8(acc));
        } else {
            for (int g = 0; g < G; ++g)
                sums[g] = hsum(acc[g]);
        }
        for (int g = 0; g < G; ++g) {
            float sum = sums[g];
            for (int64_t i = D8; i < D; ++i)
                sum += q[g * D + i] * load1<Half>(k, row + i);
            scores[g * ld + j] = scale * sum;
        }
    }
}

template <bool Half>
void groupScoresT(const float* q, int64_t G, int64_t D, const void* k, int64_t stride, int64_t nKeys,
                  float scale, float* scores, int64_t ld) {
    for (int64_t g0 = 0; g0 < G;) {
        const int64_t b = std::min<int64_t>(8, G - g0);
        const float* qb = q + g0 * D;
        float* sb = scores + g0 * ld;
        switch (b) {
        case 8:
            scoresBlock<Half, 8>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 7:
            scoresBlock<Half, 7>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 6:
            scoresBlock<Half, 6>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 5:
            scoresBlock<Half, 5>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 4:
            scoresBlock<Half, 4>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 3:
            scoresBlock<Half, 3>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        case 2:
            scoresBlock<Half, 2>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        default:
            scoresBlock<Half, 1>(qb, D, k, stride, nKeys, scale, sb, ld);
            break;
        }
        g0 += b;
    }
}

void groupScoresAvx2(const float* q, int64_t G, int64_t D, const void* k, int64_t stride, bool half,
                     int64_t nKeys, float scale, float* scores, int64_t ld) {
    if (half)
        groupScoresT<true>(q, G, D, k, stride, nKeys, scale, scores, ld);
    else
        groupScoresT<false>(q, G, D, k, stride, nKeys, scale, scores, ld);
}

// One 8-wide column slice of V for G heads: G accumulators in registers over all keys.
template <bool Half, int G>
void mixBlock(const float* p, int64_t ld, int64_t D, const void* v, int64_t stride, int64_t nKeys,
              float* out) {
    const int64_t D8 = D & ~int64_t{7};
    for (int64_t i = 0; i < D8; i += 8) {
        __m256 acc[G];
        for (int g = 0; g < G; ++g)
            acc[g] = _mm256_setzero_ps();
        for (int64_t j = 0; j < nKeys; ++j) {
            const __m256 vv = load8<Half>(v, j * stride + i);
            for (int g = 0; g < G; ++g)
                acc[g] = _mm256_fmadd_ps(_mm256_broadcast_ss(p + g * ld + j), vv, acc[g]);
        }
        for (int g = 0; g < G; ++g)
            _mm256_storeu_ps(out + g * D + i, acc[g]);
    }
    for (int64_t i = D8; i < D; ++i)
        for (int g = 0; g < G; ++g) {
            float sum = 0;
            for (int64_t j = 0; j < nKeys; ++j)
                sum += p[g * ld + j] * load1<Half>(v, j * stride + i);
            out[g * D + i] = sum;
        }
}

template <bool Half>
void groupMixT(const float* p, int64_t ld, int64_t G, int64_t D, const void* v, int64_t stride, int64_t nKeys,
               float* out) {
    for (int64_t g0 = 0; g0 < G;) {
        const int64_t b = std::min<int64_t>(8, G - g0);
        const float* pb = p + g0 * ld;
        float* ob = out + g0 * D;
        switch (b) {
        case 8:
            mixBlock<Half, 8>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 7:
            mixBlock<Half, 7>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 6:
            mixBlock<Half, 6>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 5:
            mixBlock<Half, 5>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 4:
            mixBlock<Half, 4>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 3:
            mixBlock<Half, 3>(pb, ld, D, v, stride, nKeys, ob);
            break;
        case 2:
            mixBlock<Half, 2>(pb, ld, D, v, stride, nKeys, ob);
            break;
        default:
            mixBlock<Half, 1>(pb, ld, D, v, stride, nKeys, ob);
            break;
        }
        g0 += b;
    }
}

void groupMixAvx2(const float* p, int64_t ld, int64_t G, int64_t D, const void* v, int64_t stride, bool half,
                  int64_t nKeys, float* out) {
    if (half)
        groupMixT<true>(p, ld, G, D, v, stride, nKeys, out);
    else
        groupMixT<false>(p, ld, G, D, v, stride, nKeys, out);
}

// exp for x ≤ ~88: 2^n · poly(r) with x = n·ln2 + r, |r| ≤ ln2/2 (Cephes expf polynomial,
// relative error ~1e-7). Inputs below -87 are clamped (result ~1e-38 instead of 0).
__m256 expAvx2(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

void softmaxAvx2(float* x, int64_t n) {
    __m256 vmax = _mm256_set1_ps(-INFINITY);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(vmax), _mm256_extractf128_ps(vmax, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    float mx = _mm_cvtss_f32(m4);
    for (; i < n; ++i)
        mx = std::max(mx, x[i]);

    // The sum is kept in double, as in the portable path: it is the one long reduction.
    const __m256 vm = _mm256_set1_ps(mx);
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    for (i = 0; i + 8 <= n; i += 8) {
        const __m256 e = expAvx2(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm));
        _mm256_storeu_ps(x + i, e);
        s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    alignas(32) double parts[4];
    _mm256_store_pd(parts, _mm256_add_pd(s0, s1));
    double sum = parts[0] + parts[1] + parts[2] + parts[3];
    for (; i < n; ++i) {
        x[i] = std::exp(x[i] - mx);
        sum += x[i];
    }
    const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / sum));
    for (i = 0; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inv));
    for (; i < n; ++i)
        x[i] *= static_cast<float>(1.0 / sum);
}
void siluMulAvx2(float* gate, const float* up, int64_t n) {
    const __m256 one = _mm256_set1_ps(1.0f), signBit = _mm256_set1_ps(-0.0f);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 g = _mm256_loadu_ps(gate + i);
        const __m256 sigmoidDenominator = _mm256_add_ps(one, expAvx2(_mm256_xor_ps(g, signBit)));
        _mm256_storeu_ps(gate + i,
                         _mm256_mul_ps(_mm256_div_ps(g, sigmoidDenominator), _mm256_loadu_ps(up + i)));
    }
    for (; i < n; ++i)
        gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}
void groupAttentionAvx2(const float* q, int64_t G, int64_t D, const void* k, const void* v, int64_t stride,
                        bool half, int64_t nKeys, float scale, float softcap, float* scratch, float* out) {
    groupAttentionComposed(*avx2Kernels(), q, G, D, k, v, stride, half, nKeys, scale, softcap, scratch, out);
}
} // namespace

const Kernels* avx2Kernels() {
    static const Kernels k{dotAvx2,         dotHalfAvx2,  axpyAvx2,    axpyHalfAvx2, toHalfAvx2,
                           groupScoresAvx2, groupMixAvx2, softmaxAvx2, siluMulAvx2,  groupAttentionAvx2};
    return &k;
}

} // namespace realm::vec
