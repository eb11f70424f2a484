// AVX-512 attention of one token over an f16 KV cache (compute/vec.h groupAttention); the
// other vector kernels stay the AVX2 ones. This file alone is built with AVX-512 flags.
#include "compute/vec.h"

#include <algorithm>
#include <cmath>
#include <cstring>

// GCC 12 flags the deliberately undefined registers inside its own AVX-512 headers
// (_mm512_undefined_*) wherever those are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

namespace realm::vec {

namespace {
// Up to this many query heads share a KV head in one pass: their scores for one key are
// eight neighbouring floats, so softmax and mix read them without any transposition.
constexpr int kHeads = 8;
// Keys scored at once (even): eight independent FMA chains hide the FMA latency.
constexpr int kKeys = 8;
constexpr int64_t kMaxHeadDim = 256;

// exp(x) for x ≤ 0 (scores minus their maximum): 2^n · poly(r), x = n·ln2 + r (Cephes expf
// polynomial, relative error ~1e-7); scalef makes far-negative inputs 0, not a wrapped exponent.
__m512 expNonPositive(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-104.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 y = _mm512_set1_ps(1.9875691500e-4f);
    y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.3981999507e-3f));
    y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(8.3334519073e-3f));
    y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(4.1665795894e-2f));
    y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.6666665459e-1f));
    y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(5.0000001201e-1f));
    y = _mm512_fmadd_ps(y, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(y, n);
}

// 16 binary16 values as floats.
__m512 widen16(const uint16_t* h) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(h)));
}

// scores[r·8 + g] = scale · q_g · k_r for R (even) keys whose rows (f32, `D` apart) start at
// kf; qt2[m] holds q_g[2m] and q_g[2m+1] in lanes 2g and 2g+1, so each FMA takes a broadcast
// pair of key values and does the work of 16 multiply-adds without any horizontal sum.
template <int R> void scoreKeys(const __m512* qt2, const float* kf, int64_t D, __m512 scale, float* scores) {
    static_assert(R % 2 == 0);
    __m512 acc[R];
    for (int r = 0; r < R; ++r)
        acc[r] = _mm512_setzero_ps();
    for (int64_t m = 0; m < D / 2; ++m) {
        const __m512 qm = qt2[m];
        for (int r = 0; r < R; ++r) {
            double pair;
            std::memcpy(&pair, kf + r * D + 2 * m, sizeof pair);
            acc[r] = _mm512_fmadd_ps(qm, _mm512_castpd_ps(_mm512_set1_pd(pair)), acc[r]);
        }
    }
    // Lanes 2g and 2g+1 summed, two keys per register, then the heads put in order.
    const __m512i order = _mm512_setr_epi32(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
    for (int r = 0; r < R; r += 2) {
        const __m512 even = _mm512_shuffle_ps(acc[r], acc[r + 1], _MM_SHUFFLE(2, 0, 2, 0));
        const __m512 odd = _mm512_shuffle_ps(acc[r], acc[r + 1], _MM_SHUFFLE(3, 1, 3, 1));
        _mm512_storeu_ps(scores + r * kHeads,
                         _mm512_mul_ps(_mm512_permutexvar_ps(order, _mm512_add_ps(even, odd)), scale));
    }
}

// A row's D binary16 values (one KV head's slice) asked from memory ahead of use: the
// slices are a few cache lines out of every cache row, a stride the hardware prefetchers
// follow too late, and a long context is read from DRAM once per token.
void prefetchRow(const uint16_t* row, int64_t D) {
    for (int64_t i = 0; i < D; i += 32)
        _mm_prefetch(reinterpret_cast<const char*>(row + i), _MM_HINT_T0);
}
constexpr int64_t kPrefetchRows = 32;

// R key rows of f16 to f32, D (a multiple of 16) values each.
void widenRows(const uint16_t* k, int64_t stride, int64_t R, int64_t D, float* kf) {
    for (int64_t r = 0; r < R; ++r)
        for (int64_t i = 0; i < D; i += 16)
            _mm512_storeu_ps(kf + r * D + i, widen16(k + r * stride + i));
}

void scoreAllKeys(const float* q, int64_t G, int64_t D, const uint16_t* k, int64_t stride, int64_t nKeys,
                  float scale, float* scores) {
    alignas(64) float qt2Store[kMaxHeadDim * kHeads];
    std::fill_n(qt2Store, D * kHeads, 0.0f); // lanes of missing heads score 0, never NaN
    for (int64_t g = 0; g < G; ++g)
        for (int64_t i = 0; i < D; ++i)
            qt2Store[(i / 2) * 2 * kHeads + 2 * g + i % 2] = q[g * D + i];
    const auto* qt2 = reinterpret_cast<const __m512*>(qt2Store);
    alignas(64) float kf[kKeys * kMaxHeadDim];
    const __m512 vscale = _mm512_set1_ps(scale);
    int64_t j = 0;
    for (; j + kKeys <= nKeys; j += kKeys) {
        for (int64_t r = j + kPrefetchRows; r < std::min(j + kPrefetchRows + kKeys, nKeys); ++r)
            prefetchRow(k + r * stride, D);
        widenRows(k + j * stride, stride, kKeys, D, kf);
        scoreKeys<kKeys>(qt2, kf, D, vscale, scores + j * kHeads);
    }
    for (; j + 2 <= nKeys; j += 2) {
        widenRows(k + j * stride, stride, 2, D, kf);
        scoreKeys<2>(qt2, kf, D, vscale, scores + j * kHeads);
    }
    if (j < nKeys) { // the last key of an odd count, paired with itself
        widenRows(k + j * stride, 0, 2, D, kf);
        float two[2 * kHeads];
        scoreKeys<2>(qt2, kf, D, vscale, two);
        std::copy_n(two, kHeads, scores + j * kHeads);
    }
}

// Scores become exp(score - max of the head) in place; returns 1 / Σ per head (lane g). The
// sums are kept in double: they are the one long reduction.
__m256 expAndInverseSums(float* scores, int64_t nKeys, float softcap) {
    const int64_t n = nKeys * kHeads;
    if (softcap > 0)
        for (int64_t i = 0; i < n; ++i)
            scores[i] = softcap * std::tanh(scores[i] * (1.0f / softcap));
    // Lanes 0-7 and 8-15 of a zmm are the same 8 heads at two neighbouring keys.
    __m512 mx = _mm512_set1_ps(-INFINITY);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        mx = _mm512_max_ps(mx, _mm512_loadu_ps(scores + i));
    __m256 mx8 = _mm256_max_ps(_mm512_castps512_ps256(mx), _mm512_extractf32x8_ps(mx, 1));
    if (i < n) mx8 = _mm256_max_ps(mx8, _mm256_loadu_ps(scores + i));
    const __m512 m = _mm512_insertf32x8(_mm512_zextps256_ps512(mx8), mx8, 1);
    __m512d sum = _mm512_setzero_pd();
    for (i = 0; i + 16 <= n; i += 16) {
        const __m512 e = expNonPositive(_mm512_sub_ps(_mm512_loadu_ps(scores + i), m));
        _mm512_storeu_ps(scores + i, e);
        sum = _mm512_add_pd(sum, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
        sum = _mm512_add_pd(sum, _mm512_cvtps_pd(_mm512_extractf32x8_ps(e, 1)));
    }
    if (i < n) {
        const __m256 e = _mm512_castps512_ps256(
            expNonPositive(_mm512_sub_ps(_mm512_zextps256_ps512(_mm256_loadu_ps(scores + i)), m)));
        _mm256_storeu_ps(scores + i, e);
        sum = _mm512_add_pd(sum, _mm512_cvtps_pd(e));
    }
    return _mm512_cvtpd_ps(_mm512_div_pd(_mm512_set1_pd(1.0), sum));
}

// out[g·D + c…c+31] = inv[g] · Σ_j p[j·8 + g] · v_j[c…c+31], for each 32-column slice c.
template <int G>
void mixColumns(const float* p, const uint16_t* v, int64_t stride, int64_t nKeys, int64_t D, __m256 inv,
                float* out) {
    alignas(32) float invLanes[kHeads];
    _mm256_store_ps(invLanes, inv);
    for (int64_t c = 0; c < D; c += 32) {
        __m512 lo[G], hi[G];
        for (int g = 0; g < G; ++g)
            lo[g] = hi[g] = _mm512_setzero_ps();
        for (int64_t j = 0; j < nKeys; ++j) {
            const uint16_t* row = v + j * stride + c;
            if (c == 0 && j + kPrefetchRows < nKeys) prefetchRow(row + kPrefetchRows * stride, D);
            const __m512 v0 = widen16(row), v1 = widen16(row + 16);
            for (int g = 0; g < G; ++g) {
                const __m512 pj = _mm512_set1_ps(p[j * kHeads + g]);
                lo[g] = _mm512_fmadd_ps(pj, v0, lo[g]);
                hi[g] = _mm512_fmadd_ps(pj, v1, hi[g]);
            }
        }
        for (int g = 0; g < G; ++g) {
            const __m512 s = _mm512_set1_ps(invLanes[g]);
            _mm512_storeu_ps(out + g * D + c, _mm512_mul_ps(lo[g], s));
            _mm512_storeu_ps(out + g * D + c + 16, _mm512_mul_ps(hi[g], s));
        }
    }
}

void mixAll(const float* p, int64_t G, const uint16_t* v, int64_t stride, int64_t nKeys, int64_t D,
            __m256 inv, float* out) {
    switch (G) {
    case 8:
        return mixColumns<8>(p, v, stride, nKeys, D, inv, out);
    case 7:
        return mixColumns<7>(p, v, stride, nKeys, D, inv, out);
    case 6:
        return mixColumns<6>(p, v, stride, nKeys, D, inv, out);
    case 5:
        return mixColumns<5>(p, v, stride, nKeys, D, inv, out);
    case 4:
        return mixColumns<4>(p, v, stride, nKeys, D, inv, out);
    case 3:
        return mixColumns<3>(p, v, stride, nKeys, D, inv, out);
    case 2:
        return mixColumns<2>(p, v, stride, nKeys, D, inv, out);
    default:
        return mixColumns<1>(p, v, stride, nKeys, D, inv, out);
    }
}

void groupAttentionAvx512(const float* q, int64_t G, int64_t D, const void* k, const void* v, int64_t stride,
                          bool half, int64_t nKeys, float scale, float softcap, float* scratch, float* out) {
    if (!half || D % 32 != 0 || D > kMaxHeadDim) {
        groupAttentionComposed(*avx2Kernels(), q, G, D, k, v, stride, half, nKeys, scale, softcap, scratch,
                               out);
        return;
    }
    const auto* kh = static_cast<const uint16_t*>(k);
    const auto* vh = static_cast<const uint16_t*>(v);
    // Heads beyond eight sharing a KV head (rare) take another pass over the keys.
    for (int64_t g0 = 0; g0 < G; g0 += kHeads) {
        const int64_t heads = std::min<int64_t>(kHeads, G - g0);
        scoreAllKeys(q + g0 * D, heads, D, kh, stride, nKeys, scale, scratch);
        const __m256 inv = expAndInverseSums(scratch, nKeys, softcap);
        mixAll(scratch, heads, vh, stride, nKeys, D, inv, out + g0 * D);
    }
}
} // namespace

const Kernels* avx512Kernels() {
    static const Kernels k = [] {
        Kernels t = *avx2Kernels();
        t.groupAttention = groupAttentionAvx512;
        return t;
    }();
    return &k;
}

} // namespace realm::vec
