// AVX-512 F/BW/VL/DQ + VNNI kernels (built with those flags; only called after cpuid says
// so). Decoding streams every weight byte once per token, and with AVX2 a core unpacks
// K-quants slower than memory delivers them. Here one instruction does what takes two or
// three in AVX2: vpdpwssd applies a sub-block's scale while accumulating, vpdpbusd sums 64
// byte products, vpternlog merges bit fields. Integer sums are exactly those of
// dot_kernels_scalar.cpp; activations use the AVX2 quantizers (same formats, same bytes).
#include "compute/dot_kernels.h"
#include "compute/vec_dot_adapters.h"

#include "compute/scratch.h"
#include "quant/block_layouts.h"
#include "quant/iq_tables.h"

// GCC 12 flags the deliberately undefined registers inside its own AVX-512 headers
// (_mm512_undefined_*) wherever those are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

namespace realm::kernels {

namespace {
namespace b = realm::blocks;

inline float h2f(uint16_t h) {
    return _cvtsh_ss(h);
}

inline __m128i bytes16(const void* p) {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
}
inline __m256i bytes32(const void* p) {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
inline __m512i bytes64(const void* p) {
    return _mm512_loadu_si512(p);
}

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Ask for the bytes a few blocks ahead so that the loads overlap the arithmetic (as the
// AVX2 kernels do; past the row's end it touches the next row, and prefetches never fault).
inline void prefetchAhead(const void* block, size_t blockBytes) {
    constexpr size_t kDistance = 4096;
    const char* p = static_cast<const char*>(block) + kDistance;
    for (size_t off = 0; off < blockBytes; off += 64)
        _mm_prefetch(p + off, _MM_HINT_T0);
}

// Ask for `bytes` bytes from `p` on (prefetches never fault, so past the end is harmless).
inline void prefetchLines(const void* p, size_t bytes) {
    for (size_t off = 0; off < bytes; off += 64)
        _mm_prefetch(static_cast<const char*>(p) + off, _MM_HINT_T0);
}

// Signed × signed bytes summed in groups of 4 into 16 int32: vpdpbusd wants its first
// operand unsigned, so it gets |w| and the activations take w's sign. |-128| reads as
// 128 unsigned; activations never hold -128 (the quantizers stop at ±127).
inline __m512i dotSigned(__m512i w, __m512i act) {
    const __m512i signedAct = _mm512_mask_sub_epi8(act, _mm512_movepi8_mask(w), _mm512_setzero_si512(), act);
    return _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(w), signedAct);
}

// As dotSigned, but pairwise into 32 int16 (for vpdpwssd with sub-block scales).
inline __m512i maddSigned(__m512i w, __m512i act) {
    const __m512i signedAct = _mm512_mask_sub_epi8(act, _mm512_movepi8_mask(w), _mm512_setzero_si512(), act);
    return _mm512_maddubs_epi16(_mm512_abs_epi8(w), signedAct);
}

// 32 packed bytes -> 64 nibbles: the low nibbles, then the high ones (K-quant order).
inline __m512i nibbles64(const uint8_t* p) {
    const __m512i both = _mm512_broadcast_i64x4(bytes32(p));
    return _mm512_and_si512(_mm512_srlv_epi64(both, _mm512_setr_epi64(0, 0, 0, 0, 4, 4, 4, 4)),
                            _mm512_set1_epi8(0x0F));
}

// Two 16-byte blocks -> 64 nibbles: low then high nibbles of p0, then those of p1.
inline __m512i nibblePair(const uint8_t* p0, const uint8_t* p1) {
    const __m512i z = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_broadcastsi128_si256(bytes16(p0))),
                                         _mm256_broadcastsi128_si256(bytes16(p1)), 1);
    return _mm512_and_si512(_mm512_srlv_epi64(z, _mm512_setr_epi64(0, 0, 4, 4, 0, 0, 4, 4)),
                            _mm512_set1_epi8(0x0F));
}

// Shuffle controls that spread int16 word `j0` over the low 256 bits and word `j1` over the
// high 256 (of 8 words repeated in every 128-bit lane): the scales of two sub-blocks of 32.
struct WordPairPicker {
    __m512i control[4];
    // Pair j is words 2j and 2j+1.
    WordPairPicker() {
        for (int j = 0; j < 4; ++j) {
            const auto word = [](int w) { return static_cast<short>((2 * w) | ((2 * w + 1) << 8)); };
            control[j] = _mm512_mask_set1_epi16(_mm512_set1_epi16(word(2 * j)), 0xFFFF0000u, word(2 * j + 1));
        }
    }
    // Scales of pair j: the first in the low half, the second in the high half of `words`.
    __m512i pick(__m512i words, int j) const { return _mm512_shuffle_epi8(words, control[j]); }
};

// ---- float weights -----------------------------------------------------------------

// Σ w_i x_i with `load16(i)` / `load8(i)` giving 16 / 8 weights as floats and `value(i)`
// one. The sums are the AVX2 kernel's, lane for lane and in the same order (its four
// 8-lane accumulators are two 16-lane ones here), so that a prompt (AVX2 float tiles) and
// decoding give the same bits.
template <class Load16, class Load8, class Value>
float dotFloat(int64_t n, const float* x, Load16 load16, Load8 load8, Value value) {
    __m512 acc01 = _mm512_setzero_ps(), acc23 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc01 = _mm512_fmadd_ps(load16(i), _mm512_loadu_ps(x + i), acc01);
        acc23 = _mm512_fmadd_ps(load16(i + 16), _mm512_loadu_ps(x + i + 16), acc23);
    }
    __m256 acc0 = _mm512_castps512_ps256(acc01);
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(load8(i), _mm256_loadu_ps(x + i), acc0);
    const __m256 acc1 = _mm512_extractf32x8_ps(acc01, 1);
    const __m256 acc23Sum = _mm256_add_ps(_mm512_castps512_ps256(acc23), _mm512_extractf32x8_ps(acc23, 1));
    float s = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), acc23Sum));
    for (int64_t j = n & ~int64_t{7}; j < n; ++j)
        s += value(j) * x[j];
    return s;
}

float dotF32(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const float*>(w);
    return dotFloat(
        n, static_cast<const float*>(x), [a](int64_t i) { return _mm512_loadu_ps(a + i); },
        [a](int64_t i) { return _mm256_loadu_ps(a + i); }, [a](int64_t i) { return a[i]; });
}

float dotF16(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const uint16_t*>(w);
    return dotFloat(
        n, static_cast<const float*>(x), [a](int64_t i) { return _mm512_cvtph_ps(bytes32(a + i)); },
        [a](int64_t i) { return _mm256_cvtph_ps(bytes16(a + i)); }, [a](int64_t i) { return h2f(a[i]); });
}

// bf16 -> f32 is a 16-bit shift, exact. (vdpbf16ps would round the activations to bf16.)
float dotBF16(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const uint16_t*>(w);
    return dotFloat(
        n, static_cast<const float*>(x),
        [a](int64_t i) {
            return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bytes32(a + i)), 16));
        },
        [a](int64_t i) {
            return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(bytes16(a + i)), 16));
        },
        [a](int64_t i) {
            const uint32_t bits = static_cast<uint32_t>(a[i]) << 16;
            float f;
            std::memcpy(&f, &bits, 4);
            return f;
        });
}

// ---- 32-element blocks, two per 512-bit vector -----------------------------------------

// Block types with 32 weights, one binary16 scale `d` (and a min `m` for the _1 types).
// `Weights::pair(a0, a1, qh)` gives the 64 weight bytes of two blocks and
// `Weights::sums(w, act)` their 16 int32 partial dot products (8 per block).
template <class Block> inline uint32_t highBits(const Block& blk) {
    uint32_t qh;
    std::memcpy(&qh, blk.qh, 4);
    return qh;
}

// Nibble - offset (Q4_0: 8, Q5_0: 16) × activation: Σ nibble·act - offset·Σ act.
template <int Offset> inline __m512i sumsWithOffset(__m512i q, __m512i act) {
    const __m512i raw = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, act);
    return _mm512_sub_epi32(raw, _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(Offset), act));
}

// Bit k of `bits` set -> add 16 to byte k (the fifth bit of Q5 weights).
inline __m512i withFifthBit(__m512i q, uint64_t bits) {
    return _mm512_mask_add_epi8(q, _cvtu64_mask64(bits), q, _mm512_set1_epi8(0x10));
}

struct Q4_0W {
    using Block = b::Q4_0;
    using Act = b::Q8_0;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        return sumsWithOffset<8>(nibblePair(a0.qs, a1.qs), act);
    }
};
struct Q4_1W {
    using Block = b::Q4_1;
    using Act = b::Q8_1;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        return _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibblePair(a0.qs, a1.qs), act);
    }
};
struct Q5_0W {
    using Block = b::Q5_0;
    using Act = b::Q8_0;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        const uint64_t bits = highBits(a0) | static_cast<uint64_t>(highBits(a1)) << 32;
        return sumsWithOffset<16>(withFifthBit(nibblePair(a0.qs, a1.qs), bits), act);
    }
};
struct Q5_1W {
    using Block = b::Q5_1;
    using Act = b::Q8_1;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        const uint64_t bits = highBits(a0) | static_cast<uint64_t>(highBits(a1)) << 32;
        return _mm512_dpbusd_epi32(_mm512_setzero_si512(), withFifthBit(nibblePair(a0.qs, a1.qs), bits), act);
    }
};
struct Q8_0W {
    using Block = b::Q8_0;
    using Act = b::Q8_0;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        return dotSigned(_mm512_inserti64x4(_mm512_castsi256_si512(bytes32(a0.qs)), bytes32(a1.qs), 1), act);
    }
};
inline __m512i iq4Table() {
    return _mm512_broadcast_i32x4(bytes16(iq::kIq4nlValues));
}
struct IQ4_NLW {
    using Block = b::IQ4_NL;
    using Act = b::Q8_0;
    static __m512i sums(const Block& a0, const Block& a1, __m512i act) {
        return dotSigned(_mm512_shuffle_epi8(iq4Table(), nibblePair(a0.qs, a1.qs)), act);
    }
};

template <class B> constexpr bool kHasMin = requires(B blk) {
    blk.m;
};

// `count` (at most 8) binary16 values half(0), half(1), ... as floats; zeros past count.
template <class Half> __m256 eightHalves(int count, Half half) {
    if (count == 8)
        return _mm256_cvtph_ps(
            _mm_setr_epi16(half(0), half(1), half(2), half(3), half(4), half(5), half(6), half(7)));
    alignas(16) int16_t h[8] = {};
    for (int k = 0; k < count; ++k)
        h[k] = half(k);
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(h)));
}

// The binary16 field at byte `Offset` of 8 consecutive blocks of `Stride` bytes, as floats:
// one word permute per 128 bytes of the group (loads stop at the group's last byte).
template <size_t Stride, size_t Offset> __m256 fieldOf8(const void* group) {
    static_assert(Stride % 2 == 0 && Offset % 2 == 0 && 7 * Stride + Offset + 2 <= 256);
    constexpr size_t kBytes = 8 * Stride;
    const auto* p = static_cast<const uint8_t*>(group);
    auto load = [p](size_t at) {
        if (at >= kBytes) return _mm512_setzero_si512();
        if (at + 64 <= kBytes) return bytes64(p + at);
        return _mm512_maskz_loadu_epi8((uint64_t{1} << (kBytes - at)) - 1, p + at);
    };
    alignas(64) int16_t index[32] = {};
    for (int k = 0; k < 8; ++k)
        index[k] = static_cast<int16_t>(((Offset + k * Stride) / 2) % 64);
    const __m512i idx = _mm512_load_si512(index);
    __m512i words = _mm512_permutex2var_epi16(load(0), idx, load(64));
    constexpr unsigned kSecondWindow = [] {
        unsigned m = 0;
        for (unsigned k = 0; k < 8; ++k)
            if (Offset + k * Stride >= 128) m |= 1u << k;
        return m;
    }();
    if constexpr (kSecondWindow != 0)
        words = _mm512_mask_blend_epi16(kSecondWindow, words,
                                        _mm512_permutex2var_epi16(load(128), idx, load(192)));
    return _mm256_cvtph_ps(_mm512_castsi512_si128(words));
}

// Eight blocks per step: their scale products d·yd come from one conversion per side, and
// each pair of blocks (low and high half of a zmm) takes its two from there. A missing
// second block of a pair reuses the first one's bytes against zero activations and a zero
// scale, so nothing is read past the row.
template <class W> float dotBlocks32(int64_t n, const void* w, const void* x) {
    using Block = typename W::Block;
    using Act = typename W::Act;
    const auto* a = static_cast<const Block*>(w);
    const auto* y = static_cast<const Act*>(x);
    __m512 acc = _mm512_setzero_ps();
    __m256 mins = _mm256_setzero_ps();
    const int64_t nb = n / 32;
    // The blocks of one group against their scale products (count is 8 but in the last group).
    auto pairs = [&](const Block* ag, const Act* yg, int count, __m256 scales) {
        const __m512 scales512 = _mm512_castps256_ps512(scales);
        for (int k = 0; k < count; k += 2) {
            const bool two = k + 1 < count;
            const __m256i act0 = bytes32(yg[k].qs);
            const __m512i act =
                two ? _mm512_inserti64x4(_mm512_castsi256_si512(act0), bytes32(yg[k + 1].qs), 1)
                    : _mm512_zextsi256_si512(act0);
            const __m512i s = W::sums(ag[k], two ? ag[k + 1] : ag[k], act);
            // Lanes 0-7 take block k's scale, 8-15 block k+1's.
            const __m512i pick = _mm512_inserti64x4(_mm512_set1_epi32(k), _mm256_set1_epi32(k + 1), 1);
            acc = _mm512_fmadd_ps(_mm512_permutexvar_ps(pick, scales512), _mm512_cvtepi32_ps(s), acc);
        }
    };
    int64_t g = 0;
    for (; g + 8 <= nb; g += 8) {
        const Block* ag = a + g;
        const Act* yg = y + g;
        prefetchAhead(ag, 8 * sizeof(Block));
        if constexpr (kHasMin<Block>)
            mins = _mm256_fmadd_ps(fieldOf8<sizeof(Block), offsetof(Block, m)>(ag),
                                   fieldOf8<sizeof(Act), offsetof(Act, s)>(yg), mins);
        pairs(ag, yg, 8,
              _mm256_mul_ps(fieldOf8<sizeof(Block), offsetof(Block, d)>(ag),
                            fieldOf8<sizeof(Act), offsetof(Act, d)>(yg)));
    }
    if (g < nb) {
        const Block* ag = a + g;
        const Act* yg = y + g;
        const int count = static_cast<int>(nb - g);
        if constexpr (kHasMin<Block>)
            mins = _mm256_fmadd_ps(eightHalves(count, [ag](int k) { return static_cast<short>(ag[k].m); }),
                                   eightHalves(count, [yg](int k) { return static_cast<short>(yg[k].s); }),
                                   mins);
        pairs(ag, yg, count,
              _mm256_mul_ps(eightHalves(count, [ag](int k) { return static_cast<short>(ag[k].d); }),
                            eightHalves(count, [yg](int k) { return static_cast<short>(yg[k].d); })));
    }
    float total = _mm512_reduce_add_ps(acc);
    if constexpr (kHasMin<Block>) total += hsum(mins);
    return total;
}

// Q4_0, one token against four rows, a row per 128-bit lane: block k's 16 nibble bytes of
// the four rows share one register, against block k's activations broadcast to every lane.
// The offset -8·Σ act of a block is the same for every row, so it is not subtracted block by
// block: `offsets[k]` = 8·Σ act_k·yd_k (computed once per call) meets each row's d's in
// one multiply-add per eight blocks.
void dotQ4_04Rows(int64_t n, const uint8_t* w, size_t wStride, const b::Q8_0* y, const float* offsets,
                  float* out) {
    using Block = b::Q4_0;
    const Block* a[4];
    for (int r = 0; r < 4; ++r)
        a[r] = reinterpret_cast<const Block*>(w + r * wStride);
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    __m512 acc = _mm512_setzero_ps(); // lane r: row r
    __m512 offset01 = _mm512_setzero_ps(),
           offset23 = _mm512_setzero_ps(); // rows 0, 1 / 2, 3 in 256-bit halves
    const int64_t nb = n / 32;
    // Blocks g .. g+count-1; scales01 / scales23 hold d·yd of rows 0, 1 / 2, 3 (8 per row).
    auto group = [&](int64_t g, int count, __m256 dy, const __m256 dw[4]) {
        const __m512 scales01 =
            _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_mul_ps(dw[0], dy)), _mm256_mul_ps(dw[1], dy), 1);
        const __m512 scales23 =
            _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_mul_ps(dw[2], dy)), _mm256_mul_ps(dw[3], dy), 1);
        const __m256 off = count == 8
                               ? _mm256_loadu_ps(offsets + g)
                               : _mm256_maskz_loadu_ps(static_cast<__mmask8>((1u << count) - 1), offsets + g);
        const __m512 off2 = _mm512_insertf32x8(_mm512_castps256_ps512(off), off, 1);
        offset01 =
            _mm512_fmadd_ps(_mm512_insertf32x8(_mm512_castps256_ps512(dw[0]), dw[1], 1), off2, offset01);
        offset23 =
            _mm512_fmadd_ps(_mm512_insertf32x8(_mm512_castps256_ps512(dw[2]), dw[3], 1), off2, offset23);
        for (int k = 0; k < count; ++k) {
            __m512i q = _mm512_castsi128_si512(bytes16(a[0][g + k].qs));
            q = _mm512_inserti32x4(q, bytes16(a[1][g + k].qs), 1);
            q = _mm512_inserti32x4(q, bytes16(a[2][g + k].qs), 2);
            q = _mm512_inserti32x4(q, bytes16(a[3][g + k].qs), 3);
            const __m512i low = _mm512_and_si512(q, m4), high = _mm512_and_si512(_mm512_srli_epi16(q, 4), m4);
            const __m512i sums =
                _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), low,
                                                        _mm512_broadcast_i32x4(bytes16(y[g + k].qs))),
                                    high, _mm512_broadcast_i32x4(bytes16(y[g + k].qs + 16)));
            // Lane r takes row r's scale of block k: element 8r + k of scales01 ++ scales23.
            const __m512i pick = _mm512_setr_epi32(k, k, k, k, 8 + k, 8 + k, 8 + k, 8 + k, 16 + k, 16 + k,
                                                   16 + k, 16 + k, 24 + k, 24 + k, 24 + k, 24 + k);
            acc = _mm512_fmadd_ps(_mm512_permutex2var_ps(scales01, pick, scales23), _mm512_cvtepi32_ps(sums),
                                  acc);
        }
    };
    int64_t g = 0;
    for (; g + 8 <= nb; g += 8) {
        prefetchLines(w + 8 * wStride + g * 4 * sizeof(Block), 4 * 8 * sizeof(Block));
        __m256 dw[4];
        for (int r = 0; r < 4; ++r)
            dw[r] = fieldOf8<sizeof(Block), offsetof(Block, d)>(a[r] + g);
        group(g, 8, fieldOf8<sizeof(b::Q8_0), offsetof(b::Q8_0, d)>(y + g), dw);
    }
    if (g < nb) {
        const int count = static_cast<int>(nb - g);
        __m256 dw[4];
        for (int r = 0; r < 4; ++r)
            dw[r] = eightHalves(count, [&](int k) { return static_cast<short>(a[r][g + k].d); });
        group(g, count, eightHalves(count, [&](int k) { return static_cast<short>(y[g + k].d); }), dw);
    }
    alignas(64) float lanes[16], off[32];
    _mm512_store_ps(lanes, acc);
    _mm512_store_ps(off, offset01);
    _mm512_store_ps(off + 16, offset23);
    for (int r = 0; r < 4; ++r) {
        float o = 0;
        for (int k = 0; k < 8; ++k)
            o += off[8 * r + k];
        out[r] = ((lanes[4 * r] + lanes[4 * r + 1]) + (lanes[4 * r + 2] + lanes[4 * r + 3])) - o;
    }
}

// Q4_0's offset term of a block, the same for every row: 8·Σ act·d.
float q4_0Offset(const b::Q8_0& y) {
    const __m256i s = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(8), bytes32(y.qs));
    return static_cast<float>(_mm512_reduce_add_epi32(_mm512_zextsi256_si512(s))) * h2f(y.d);
}

// Runs of rows in fours through `Four`, the rest one by one through `One`.
template <class Act, void (*Four)(int64_t, const uint8_t*, size_t, const Act*, float*), OneTokenDot One>
void rowsInFours(int64_t n, const void* w, size_t wStride, const void* x, float* out, int64_t nRows) {
    const auto* rows = static_cast<const uint8_t*>(w);
    int64_t r = 0;
    for (; r + 4 <= nRows; r += 4)
        Four(n, rows + r * wStride, wStride, static_cast<const Act*>(x), out + r);
    for (; r < nRows; ++r)
        out[r] = One(n, rows + r * wStride, x);
}

// ---- 256-element super-blocks (activations Q8_K) -----------------------------------

// The scales and mins of a Q4_K / Q5_K super-block: the 8 scales as int16 in every
// 128-bit lane (for WordPairPicker), the mins doubled (m0 m0 m1 m1 ...) to meet the 16
// activation group sums.
struct ScalesMinsK4 {
    __m512i scales;
    __m256i minPairs;
    // The same bit surgery as blocks::unpackScalesMinsK4, in one register: 32-bit lanes u0,
    // u1, u2 of the 12 packed bytes give scales 0-3, 4-7 and mins 0-3, 4-7. (The 16-byte
    // load reads 4 bytes of the block past the scales.)
    explicit ScalesMinsK4(const uint8_t* packed) {
        constexpr int kOrBAndC = 0xF8; // vpternlog: A | (B & C)
        const __m128i v = bytes16(packed);
        const __m128i u0u0u1u1 = _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 1, 0, 0));
        const __m128i u2 =
            _mm_srlv_epi32(_mm_shuffle_epi32(v, _MM_SHUFFLE(2, 2, 2, 2)), _mm_setr_epi32(0, 0, 4, 4));
        const __m128i low6 = _mm_and_si128(u0u0u1u1, _mm_set1_epi8(0x3f));
        const __m128i split =
            _mm_ternarylogic_epi32(_mm_and_si128(u2, _mm_set1_epi8(0x0f)), _mm_srli_epi32(u0u0u1u1, 2),
                                   _mm_set1_epi8(0x30), kOrBAndC);
        const __m128i both = _mm_mask_blend_epi32(0b1010, low6, split); // 8 scales, then 8 mins
        scales = _mm512_broadcast_i32x4(_mm_cvtepu8_epi16(both));
        minPairs = _mm256_cvtepu8_epi16(_mm_unpackhi_epi8(both, both));
    }
};

// Q4_K against NX tokens at once: the row's scales and nibbles are unpacked once and
// reused for every token; NX = 1 is the decode kernel. Chunk j of qs holds sub-blocks
// 2j (low nibbles) and 2j+1 (high), whose activations are the 64 bytes at 64j.
template <int NX> void dotQ4_KMulti(int64_t n, const void* w, const void* x, size_t xStride, float* out) {
    const auto* a = static_cast<const b::Q4_K*>(w);
    const b::Q8_K* y[NX];
    for (int t = 0; t < NX; ++t)
        y[t] = reinterpret_cast<const b::Q8_K*>(static_cast<const uint8_t*>(x) + t * xStride);
    const WordPairPicker picker;
    __m512 acc[NX];
    __m256 accMin[NX];
    for (int t = 0; t < NX; ++t) {
        acc[t] = _mm512_setzero_ps();
        accMin[t] = _mm256_setzero_ps();
    }
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q4_K));
        const ScalesMinsK4 sm(a[i].scales);
        __m512i q[4], sc[4];
        for (int j = 0; j < 4; ++j) {
            q[j] = nibbles64(a[i].qs + 32 * j);
            sc[j] = picker.pick(sm.scales, j);
        }
        const float dA = h2f(a[i].d), dM = h2f(a[i].dmin);
        for (int t = 0; t < NX; ++t) {
            __m512i sumi = _mm512_setzero_si512();
            for (int j = 0; j < 4; ++j)
                sumi = _mm512_dpwssd_epi32(sumi, _mm512_maddubs_epi16(q[j], bytes64(y[t][i].qs + 64 * j)),
                                           sc[j]);
            acc[t] = _mm512_fmadd_ps(_mm512_set1_ps(y[t][i].d * dA), _mm512_cvtepi32_ps(sumi), acc[t]);
            const __m256i minSums = _mm256_madd_epi16(sm.minPairs, bytes32(y[t][i].bsums));
            accMin[t] =
                _mm256_fmadd_ps(_mm256_set1_ps(y[t][i].d * dM), _mm256_cvtepi32_ps(minSums), accMin[t]);
        }
    }
    for (int t = 0; t < NX; ++t)
        out[t] = _mm512_reduce_add_ps(acc[t]) - hsum(accMin[t]);
}

// Q4_K decoding, row after row, four super-blocks per step. A core reads one row run in
// address order: on this Zen 5 VM, two cores stream 46 GB/s that way but only 32 GB/s when
// each reads four rows side by side (four streams a row apart), kernel or no kernel, so
// rows are not interleaved. The sharing a four-row kernel had comes from elsewhere:
//  - the four super-blocks' 16-byte heads (d, dmin, 12 packed scale bytes) share one
//    register (128-bit lane k = block i+k), so the 6-bit unpacking, the d / dmin
//    conversions and the mins x group sums are done once per step;
//  - the activations are rearranged once per call (ActivationsQ4_K), not per row.
// A half's 64 weight bytes hold sub-blocks 4h (low nibbles of bytes 0-31), 4h+1 (their high
// nibbles), 4h+2 and 4h+3 (bytes 32-63). The nibbles are multiplied without shifting: vpdpbusd
// takes the low nibbles (q & 0x0F) and, separately, the high ones in place (q & 0xF0, sixteen
// times the weight; exact in int32, divided back by 16 with one shift). Both sums of 4 weights
// fit in int16, so one pack interleaves them and one vpdpwssd applies each sub-block's scale:
// three multiplies per 64 bytes and one shift instead of three, with no saturating steps.
struct Q8_KHalves {
    // Half h of the block's 256 activations: low[h] holds sub-blocks 4h and 4h+2 (against
    // the low nibbles), high[h] sub-blocks 4h+1 and 4h+3.
    __m512i low[2], high[2];
};

class ActivationsQ4_K {
  public:
    ActivationsQ4_K(int64_t blocks, const b::Q8_K* y) {
        thread_local Scratch scratch;
        // Room for a step past the end: a last, short step loads whole registers, masked.
        const size_t padded = static_cast<size_t>(blocks + 4);
        uint8_t* p = scratch.get(padded * (sizeof(Q8_KHalves) + sizeof(float) + 8 * sizeof(int16_t)));
        blocks_ = reinterpret_cast<Q8_KHalves*>(p);
        scales_ = reinterpret_cast<float*>(p + padded * sizeof(Q8_KHalves));
        groupSums_ = reinterpret_cast<int16_t*>(p + padded * (sizeof(Q8_KHalves) + sizeof(float)));
        for (int64_t i = 0; i < blocks; ++i) {
            for (int h = 0; h < 2; ++h) {
                const __m512i a0 = bytes64(y[i].qs + 128 * h), a1 = bytes64(y[i].qs + 128 * h + 64);
                _mm512_store_si512(&blocks_[i].low[h], _mm512_shuffle_i64x2(a0, a1, 0x44));
                _mm512_store_si512(&blocks_[i].high[h], _mm512_shuffle_i64x2(a0, a1, 0xEE));
            }
            scales_[i] = y[i].d;
            // Sub-block j's activation sum is group sums 2j + 2j+1 (each at most 16 * 127).
            const __m256i pairSums = _mm256_madd_epi16(bytes32(y[i].bsums), _mm256_set1_epi16(1));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(groupSums_ + 8 * i), _mm256_cvtepi32_epi16(pairSums));
        }
    }
    const Q8_KHalves* blocks() const { return blocks_; }
    const float* scales() const { return scales_; }
    const int16_t* groupSums() const { return groupSums_; }

  private:
    Q8_KHalves* blocks_;
    float* scales_;
    int16_t* groupSums_;
};

// Word indices into the unpacked scales (word 8k + j: block k's sub-block j) that give each
// word of a packed half its sub-block's scale, for sub-blocks first .. first+3.
inline __m512i scaleOfWord(int first) {
    alignas(64) int16_t idx[32];
    for (int w = 0; w < 32; ++w)
        idx[w] = static_cast<int16_t>(first + (w % 8 >= 4 ? 1 : 0) + (w / 16) * 2);
    return _mm512_load_si512(idx);
}

// Super-blocks i .. i+K-1 of a row (K <= 4; lanes past K stay zero and add nothing).
template <int K>
inline void q4_KStep(const b::Q4_K* a, const ActivationsQ4_K& act, int64_t i, __m512& acc, __m512& accMin) {
    constexpr int kOrBAndC = 0xF8; // vpternlog: A | (B & C)
    const __m512i headHalves = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m512i u2Shift = _mm512_broadcast_i32x4(_mm_setr_epi32(0, 0, 4, 4));
    const __m512i dminOfLane = _mm512_setr_epi32(1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5, 7, 7, 7, 7);
    const __m256i actScaleOfLane = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    const __m512i lowNibbles = _mm512_set1_epi8(0x0F);

    __m512i head = _mm512_castsi128_si512(bytes16(a + i));
    if constexpr (K > 1) head = _mm512_inserti32x4(head, bytes16(a + i + 1), 1);
    if constexpr (K > 2) head = _mm512_inserti32x4(head, bytes16(a + i + 2), 2);
    if constexpr (K > 3) head = _mm512_inserti32x4(head, bytes16(a + i + 3), 3);
    if constexpr (K < 4) head = _mm512_maskz_mov_epi32(static_cast<__mmask16>((1u << (4 * K)) - 1), head);
    // d0 dmin0 d1 dmin1 ... as floats, times each block's activation scale.
    const __m256 actScales = _mm256_permutexvar_ps(
        actScaleOfLane, _mm256_castps128_ps256(_mm_maskz_loadu_ps((1u << K) - 1, act.scales() + i)));
    const __m512 dd = _mm512_castps256_ps512(_mm256_mul_ps(
        _mm256_cvtph_ps(_mm512_castsi512_si128(_mm512_permutexvar_epi32(headHalves, head))), actScales));
    // ScalesMinsK4's surgery with the packed words u0, u1, u2 at dwords 1, 2, 3.
    const __m512i u0u0u1u1 = _mm512_shuffle_epi32(head, _MM_PERM_CCBB);
    const __m512i u2 = _mm512_srlv_epi32(_mm512_shuffle_epi32(head, _MM_PERM_DDDD), u2Shift);
    const __m512i low6 = _mm512_and_si512(u0u0u1u1, _mm512_set1_epi8(0x3f));
    const __m512i split =
        _mm512_ternarylogic_epi32(_mm512_and_si512(u2, _mm512_set1_epi8(0x0f)),
                                  _mm512_srli_epi32(u0u0u1u1, 2), _mm512_set1_epi8(0x30), kOrBAndC);
    const __m512i both = _mm512_mask_blend_epi32(0xAAAA, low6, split); // per lane: 8 scales, 8 mins
    const __m512i scales = _mm512_unpacklo_epi8(both, _mm512_setzero_si512());
    const __m512i mins = _mm512_unpackhi_epi8(both, _mm512_setzero_si512());
    const __m512i groupSums =
        _mm512_maskz_loadu_epi64(static_cast<__mmask8>((1u << (2 * K)) - 1), act.groupSums() + 8 * i);
    accMin = _mm512_fmadd_ps(_mm512_permutexvar_ps(dminOfLane, dd),
                             _mm512_cvtepi32_ps(_mm512_madd_epi16(mins, groupSums)), accMin);
    for (int k = 0; k < K; ++k) {
        const Q8_KHalves& y = act.blocks()[i + k];
        __m512i sumi = _mm512_setzero_si512();
        for (int h = 0; h < 2; ++h) {
            const __m512i q = bytes64(a[i + k].qs + 64 * h);
            const __m512i lowSums =
                _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_and_si512(q, lowNibbles), y.low[h]);
            const __m512i highSums = _mm512_srai_epi32(
                _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_andnot_si512(lowNibbles, q), y.high[h]),
                4);
            // 128-bit lane j: words 0-3 from sub-block 4h (+2 for j >= 2), words 4-7 from 4h+1 (+2).
            const __m512i sums = _mm512_packs_epi32(lowSums, highSums);
            sumi =
                _mm512_dpwssd_epi32(sumi, sums, _mm512_permutexvar_epi16(scaleOfWord(8 * k + 4 * h), scales));
        }
        acc = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_set1_epi32(2 * k), dd), _mm512_cvtepi32_ps(sumi),
                              acc);
    }
}

// Super-blocks from i on to the row's end, fewer than four (a row's last step).
[[gnu::always_inline]] inline void q4_KLastStep(const b::Q4_K* row, const ActivationsQ4_K& act, int64_t i,
                                                int64_t blocks, __m512& acc, __m512& accMin) {
    switch (blocks - i) {
    case 3:
        q4_KStep<3>(row, act, i, acc, accMin);
        break;
    case 2:
        q4_KStep<2>(row, act, i, acc, accMin);
        break;
    case 1:
        q4_KStep<1>(row, act, i, acc, accMin);
        break;
    default:
        break;
    }
}

// Row `first` (and `second` when Pair) against the activations, their blocks visited in step so that
// the rows share each activation load. Plain variables, not arrays: GCC keeps arrays of
// accumulators on the stack and loops over them.
template <bool Pair>
void q4_KRows(const b::Q4_K* first, const b::Q4_K* second, const ActivationsQ4_K& act, int64_t blocks,
              float* outA, float* outB) {
    __m512 accA = _mm512_setzero_ps(), accMinA = _mm512_setzero_ps();
    __m512 accB = _mm512_setzero_ps(), accMinB = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 4 <= blocks; i += 4) {
        // 4 KB ahead, running on into the next row: each stream in address order.
        prefetchLines(reinterpret_cast<const uint8_t*>(first + i) + 4096, 4 * sizeof(b::Q4_K));
        q4_KStep<4>(first, act, i, accA, accMinA);
        if constexpr (Pair) {
            prefetchLines(reinterpret_cast<const uint8_t*>(second + i) + 4096, 4 * sizeof(b::Q4_K));
            q4_KStep<4>(second, act, i, accB, accMinB);
        }
    }
    q4_KLastStep(first, act, i, blocks, accA, accMinA);
    *outA = _mm512_reduce_add_ps(accA) - _mm512_reduce_add_ps(accMinA);
    if constexpr (Pair) {
        q4_KLastStep(second, act, i, blocks, accB, accMinB);
        *outB = _mm512_reduce_add_ps(accB) - _mm512_reduce_add_ps(accMinB);
    }
}

inline const b::Q4_K* q4_KRow(const void* w, size_t wStride, int64_t r) {
    return reinterpret_cast<const b::Q4_K*>(static_cast<const uint8_t*>(w) +
                                            static_cast<size_t>(r) * wStride);
}

void rowsQ4_K(int64_t n, const void* w, size_t wStride, const void* x, float* out, int64_t nRows) {
    const int64_t blocks = n / 256;
    const ActivationsQ4_K act(blocks, static_cast<const b::Q8_K*>(x));
    for (int64_t r = 0; r < nRows; ++r)
        q4_KRows<false>(q4_KRow(w, wStride, r), nullptr, act, blocks, out + r, nullptr);
}

void rowPairsQ4_K(int64_t n, const void* w, size_t wStride, int64_t apart, const void* x, float* out,
                  int64_t nRows) {
    const int64_t blocks = n / 256;
    const ActivationsQ4_K act(blocks, static_cast<const b::Q8_K*>(x));
    for (int64_t r = 0; r < nRows; ++r)
        q4_KRows<true>(q4_KRow(w, wStride, r), q4_KRow(w, wStride, r + apart), act, blocks, out + r,
                       out + r + apart);
}

// Q5_K: Q4_K plus a fifth bit per weight, bit j of qh[l] for sub-block j.
float dotQ5_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const WordPairPicker picker;
    __m512 acc = _mm512_setzero_ps();
    __m256 accMin = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q5_K));
        const ScalesMinsK4 sm(a[i].scales);
        const __m512i high = _mm512_broadcast_i64x4(bytes32(a[i].qh));
        __m512i sumi = _mm512_setzero_si512();
        for (int j = 0; j < 4; ++j) {
            const __m512i bit =
                _mm512_mask_set1_epi8(_mm512_set1_epi8(static_cast<char>(1 << (2 * j))),
                                      0xFFFFFFFF00000000ull, static_cast<char>(1 << (2 * j + 1)));
            const __m512i low = nibbles64(a[i].qs + 32 * j);
            const __m512i q =
                _mm512_mask_add_epi8(low, _mm512_test_epi8_mask(high, bit), low, _mm512_set1_epi8(0x10));
            sumi = _mm512_dpwssd_epi32(sumi, _mm512_maddubs_epi16(q, bytes64(y[i].qs + 64 * j)),
                                       picker.pick(sm.scales, j));
        }
        acc = _mm512_fmadd_ps(_mm512_set1_ps(y[i].d * h2f(a[i].d)), _mm512_cvtepi32_ps(sumi), acc);
        const __m256i minSums = _mm256_madd_epi16(sm.minPairs, bytes32(y[i].bsums));
        accMin =
            _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * h2f(a[i].dmin)), _mm256_cvtepi32_ps(minSums), accMin);
    }
    return _mm512_reduce_add_ps(acc) - hsum(accMin);
}

// Q6_K, per half c of the super-block: ql's 64 bytes give the low nibbles of weights 0..63
// (low nibbles) and 64..127 (high nibbles); qh's 32 bytes give their two top bits at shifts
// 0, 2 and 4, 6. A block unpacked once serves every token (prompts) or pairs of rows (decoding).
class Q6_KUnpacker {
  public:
    Q6_KUnpacker() {
        // Scale of 16-weight group 4g + w/8 for int16 lane w of the g-th 64 weights.
        for (int g = 0; g < 4; ++g) {
            alignas(64) int16_t idx[32];
            for (int l = 0; l < 32; ++l)
                idx[l] = static_cast<int16_t>(4 * g + l / 8);
            groupOfLane_[g] = _mm512_load_si512(idx);
        }
    }
    struct Block {
        __m256i sc16;  // the 16 group scales as int16
        __m512i q[4];  // 6-bit weights (unsigned, +32), 64 per register
        __m512i sc[4]; // each int16 lane's group scale
        float d;
    };
    Block unpack(const b::Q6_K& blk) const {
        constexpr int kOrBAndC = 0xF8; // vpternlog: A | (B & C)
        const __m512i m4 = _mm512_set1_epi8(0x0F), m30 = _mm512_set1_epi8(0x30);
        const __m512i shiftUp = _mm512_setr_epi64(4, 4, 4, 4, 2, 2, 2, 2),
                      shiftDown = _mm512_setr_epi64(0, 0, 0, 0, 2, 2, 2, 2);
        Block out;
        out.sc16 = _mm256_cvtepi8_epi16(bytes16(blk.scales));
        for (int g = 0; g < 4; ++g)
            out.sc[g] = _mm512_permutexvar_epi16(groupOfLane_[g], _mm512_castsi256_si512(out.sc16));
        for (int c = 0; c < 2; ++c) {
            const __m512i low = bytes64(blk.ql + 64 * c);
            const __m512i high = _mm512_broadcast_i64x4(bytes32(blk.qh + 32 * c));
            out.q[2 * c] = _mm512_ternarylogic_epi32(_mm512_and_si512(low, m4),
                                                     _mm512_sllv_epi64(high, shiftUp), m30, kOrBAndC);
            out.q[2 * c + 1] = _mm512_ternarylogic_epi32(_mm512_and_si512(_mm512_srli_epi16(low, 4), m4),
                                                         _mm512_srlv_epi64(high, shiftDown), m30, kOrBAndC);
        }
        out.d = h2f(blk.d);
        return out;
    }

  private:
    __m512i groupOfLane_[4];
};

// acc += one unpacked Q6_K block · one Q8_K activation block.
inline __m512 q6_KAccumulate(const Q6_KUnpacker::Block& w, const b::Q8_K& y, __m512 acc) {
    // value = q6 - 32: the -32 is folded in through the group sums.
    const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(w.sc16, bytes32(y.bsums)), 5);
    __m512i sumi = _mm512_zextsi256_si512(_mm256_sub_epi32(_mm256_setzero_si256(), offset));
    for (int g = 0; g < 4; ++g)
        sumi = _mm512_dpwssd_epi32(sumi, _mm512_maddubs_epi16(w.q[g], bytes64(y.qs + 64 * g)), w.sc[g]);
    return _mm512_fmadd_ps(_mm512_set1_ps(y.d * w.d), _mm512_cvtepi32_ps(sumi), acc);
}

// Q6_K against NX tokens at once.
template <int NX> void dotQ6_KMulti(int64_t n, const void* w, const void* x, size_t xStride, float* out) {
    const auto* a = static_cast<const b::Q6_K*>(w);
    const b::Q8_K* y[NX];
    for (int t = 0; t < NX; ++t)
        y[t] = reinterpret_cast<const b::Q8_K*>(static_cast<const uint8_t*>(x) + t * xStride);
    const Q6_KUnpacker unpacker;
    __m512 acc[NX];
    for (int t = 0; t < NX; ++t)
        acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::Q6_K));
        const Q6_KUnpacker::Block blk = unpacker.unpack(a[i]);
        for (int t = 0; t < NX; ++t)
            acc[t] = q6_KAccumulate(blk, y[t][i], acc[t]);
    }
    for (int t = 0; t < NX; ++t)
        out[t] = _mm512_reduce_add_ps(acc[t]);
}

// Rows r and apart + r of Q6_K against one token, for r < nRows (see RowPairsDotFn).
void rowPairsQ6_K(int64_t n, const void* w, size_t wStride, int64_t apart, const void* x, float* out,
                  int64_t nRows) {
    const auto* y = static_cast<const b::Q8_K*>(x);
    const Q6_KUnpacker unpacker;
    const auto row = [&](int64_t r) {
        return reinterpret_cast<const b::Q6_K*>(static_cast<const uint8_t*>(w) +
                                                static_cast<size_t>(r) * wStride);
    };
    for (int64_t r = 0; r < nRows; ++r) {
        const b::Q6_K* rows[2] = {row(r), row(r + apart)};
        __m512 acc[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
        for (int64_t i = 0; i < n / 256; ++i)
            for (int k = 0; k < 2; ++k) {
                prefetchAhead(rows[k] + i, sizeof(b::Q6_K));
                acc[k] = q6_KAccumulate(unpacker.unpack(rows[k][i]), y[i], acc[k]);
            }
        out[r] = _mm512_reduce_add_ps(acc[0]);
        out[r + apart] = _mm512_reduce_add_ps(acc[1]);
    }
}

// The 8 six-bit IQ4_XS scales minus 32, as int16: low nibbles from scales_l, top two bits
// from scales_h, each spread to one byte per scale.
inline __m128i iq4xsScales(const b::IQ4_XS& blk) {
    uint32_t lowBits;
    std::memcpy(&lowBits, blk.scales_l, 4);
    uint64_t low = lowBits;
    low = (low | low << 16) & 0x0000FFFF0000FFFFull;
    low = (low | low << 8) & 0x00FF00FF00FF00FFull;
    low = (low | low << 4) & 0x0F0F0F0F0F0F0F0Full;
    uint64_t high = blk.scales_h;
    high = (high | high << 24) & 0x000000FF000000FFull;
    high = (high | high << 12) & 0x000F000F000F000Full;
    high = (high | high << 6) & 0x0303030303030303ull;
    const __m128i bytes = _mm_cvtsi64_si128(static_cast<long long>(low | high << 4));
    return _mm_sub_epi16(_mm_cvtepu8_epi16(bytes), _mm_set1_epi16(32));
}

float dotIQ4_XS(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::IQ4_XS*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    const WordPairPicker picker;
    const __m512i table = iq4Table();
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / 256; ++i) {
        prefetchAhead(a + i, sizeof(b::IQ4_XS));
        const __m512i scales = _mm512_broadcast_i32x4(iq4xsScales(a[i]));
        __m512i sumi = _mm512_setzero_si512();
        for (int j = 0; j < 4; ++j) { // sub-blocks 2j and 2j+1
            const __m512i q = _mm512_shuffle_epi8(table, nibblePair(a[i].qs + 32 * j, a[i].qs + 32 * j + 16));
            sumi =
                _mm512_dpwssd_epi32(sumi, maddSigned(q, bytes64(y[i].qs + 64 * j)), picker.pick(scales, j));
        }
        acc = _mm512_fmadd_ps(_mm512_set1_ps(y[i].d * h2f(a[i].d)), _mm512_cvtepi32_ps(sumi), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

constexpr VecDotFn kQ4_K = batched<dotQ4_KMulti<1>, dotQ4_KMulti<2>, dotQ4_KMulti<3>, dotQ4_KMulti<4>>;
constexpr VecDotFn kQ6_K = batched<dotQ6_KMulti<1>, dotQ6_KMulti<2>, dotQ6_KMulti<3>, dotQ6_KMulti<4>>;

struct Entry {
    GgmlType type;
    VecDotFn vecDot;
    RowsDotFn rowsDot = nullptr;
    RowPairsDotFn rowPairsDot = nullptr;
};
constexpr Entry kAvx512[] = {
    {GgmlType::F32, perToken<dotF32>},
    {GgmlType::F16, perToken<dotF16>},
    {GgmlType::BF16, perToken<dotBF16>},
    {GgmlType::Q4_0, perToken<dotBlocks32<Q4_0W>>,
     rowsInFoursWithBlockTerms<b::Q8_0, q4_0Offset, dotQ4_04Rows, dotBlocks32<Q4_0W>>},
    {GgmlType::Q4_1, perToken<dotBlocks32<Q4_1W>>},
    {GgmlType::Q5_0, perToken<dotBlocks32<Q5_0W>>},
    {GgmlType::Q5_1, perToken<dotBlocks32<Q5_1W>>},
    {GgmlType::Q8_0, perToken<dotBlocks32<Q8_0W>>, nullptr, rowPairsOneByOne<dotBlocks32<Q8_0W>>},
    {GgmlType::IQ4_NL, perToken<dotBlocks32<IQ4_NLW>>},
    {GgmlType::Q4_K, kQ4_K, rowsQ4_K, rowPairsQ4_K},
    {GgmlType::Q5_K, perToken<dotQ5_K>},
    {GgmlType::Q6_K, kQ6_K, nullptr, rowPairsQ6_K},
    {GgmlType::IQ4_XS, perToken<dotIQ4_XS>},
};
} // namespace

const DotKernel* avx512Kernel(GgmlType type) {
    // Activation formats and quantizers are the AVX2 kernels' (every AVX-512 CPU has AVX2).
    static const auto table = [] {
        std::array<DotKernel, std::size(kAvx512)> t{};
        for (size_t i = 0; i < t.size(); ++i) {
            const DotKernel* base = avx2Kernel(kAvx512[i].type);
            t[i] = DotKernel{kAvx512[i].type, base->actType,      base->quantizeAct,     kAvx512[i].vecDot,
                             Isa::Avx512,     kAvx512[i].rowsDot, kAvx512[i].rowPairsDot};
        }
        return t;
    }();
    for (const auto& k : table)
        if (k.weightType == type) return &k;
    return nullptr;
}

} // namespace realm::kernels
