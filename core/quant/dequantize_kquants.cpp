// 256-element super-block formats: K-quants (sub-block scales quantized against a
// super-block fp16 scale), the Q8_K activation format and the ternary TQ formats.
#include "quant/dequantize.h"

#include "quant/block_layouts.h"

namespace realm {

namespace b = blocks;

void dequantizeRowQ2_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q2_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d), dmin = halfToFloat(x[i].dmin);
        const uint8_t* q = x[i].qs;
        int is = 0;
        for (int half = 0; half < 2; ++half, q += 32) {
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; ++part, y += 16) {
                    const uint8_t sc = x[i].scales[is++];
                    const float dl = d * static_cast<float>(sc & 0xF),
                                ml = dmin * static_cast<float>(sc >> 4);
                    const uint8_t* qp = q + 16 * part;
                    for (int l = 0; l < 16; ++l)
                        y[l] = dl * static_cast<float>((qp[l] >> shift) & 3) - ml;
                }
            }
        }
    }
}

void dequantizeRowQ3_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q3_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float dAll = halfToFloat(x[i].d);
        const uint8_t* s = x[i].scales;
        int scales[16]; // 6-bit: low nibbles in bytes 0..7, top 2 bits in bytes 8..11
        for (int j = 0; j < 16; ++j) {
            const int lo = j < 8 ? (s[j] & 0xF) : (s[j - 8] >> 4);
            const int hi = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
            scales[j] = (lo | (hi << 4)) - 32;
        }
        const uint8_t* q = x[i].qs;
        const uint8_t* hm = x[i].hmask;
        uint8_t m = 1;
        int is = 0;
        for (int half = 0; half < 2; ++half, q += 32) {
            for (int shift = 0; shift < 8; shift += 2, m = static_cast<uint8_t>(m << 1)) {
                for (int part = 0; part < 2; ++part, y += 16) {
                    const float dl = dAll * static_cast<float>(scales[is++]);
                    const uint8_t* qp = q + 16 * part;
                    const uint8_t* hp = hm + 16 * part;
                    for (int l = 0; l < 16; ++l)
                        y[l] = dl * static_cast<float>(((qp[l] >> shift) & 3) - ((hp[l] & m) ? 0 : 4));
                }
            }
        }
    }
}

void dequantizeRowQ4_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q4_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d), dmin = halfToFloat(x[i].dmin);
        const uint8_t* q = x[i].qs;
        for (int is = 0; is < 8; is += 2, q += 32, y += 64) {
            uint8_t sc, m;
            b::scaleMinK4(is, x[i].scales, sc, m);
            const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
            b::scaleMinK4(is + 1, x[i].scales, sc, m);
            const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
            for (int l = 0; l < 32; ++l)
                y[l] = d1 * static_cast<float>(q[l] & 0xF) - m1;
            for (int l = 0; l < 32; ++l)
                y[l + 32] = d2 * static_cast<float>(q[l] >> 4) - m2;
        }
    }
}

void dequantizeRowQ5_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q5_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d), dmin = halfToFloat(x[i].dmin);
        const uint8_t* ql = x[i].qs;
        const uint8_t* qh = x[i].qh;
        int u1 = 1, u2 = 2;
        for (int is = 0; is < 8; is += 2, ql += 32, y += 64, u1 <<= 2, u2 <<= 2) {
            uint8_t sc, m;
            b::scaleMinK4(is, x[i].scales, sc, m);
            const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
            b::scaleMinK4(is + 1, x[i].scales, sc, m);
            const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
            for (int l = 0; l < 32; ++l)
                y[l] = d1 * static_cast<float>((ql[l] & 0xF) + ((qh[l] & u1) ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l)
                y[l + 32] = d2 * static_cast<float>((ql[l] >> 4) + ((qh[l] & u2) ? 16 : 0)) - m2;
        }
    }
}

void dequantizeRowQ6_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q6_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* ql = x[i].ql;
        const uint8_t* qh = x[i].qh;
        const int8_t* sc = x[i].scales;
        for (int half = 0; half < 2; ++half, y += 128, ql += 64, qh += 32, sc += 8) {
            // (d·scale)·q, the order ggml multiplies in.
            float ds[8];
            for (int k = 0; k < 8; ++k)
                ds[k] = d * static_cast<float>(sc[k]);
            // Two runs of 16 so the scale index is loop-invariant and the loop vectorises.
            for (int is = 0; is < 2; ++is) {
                const float s1 = ds[is], s2 = ds[is + 2], s3 = ds[is + 4], s4 = ds[is + 6];
                for (int l = 16 * is; l < 16 * is + 16; ++l) {
                    const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[l] = s1 * static_cast<float>(q1);
                    y[l + 32] = s2 * static_cast<float>(q2);
                    y[l + 64] = s3 * static_cast<float>(q3);
                    y[l + 96] = s4 * static_cast<float>(q4);
                }
            }
        }
    }
}

void dequantizeRowQ8_K(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q8_K*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i, y += b::kQK)
        for (int j = 0; j < b::kQK; ++j)
            y[j] = x[i].d * static_cast<float>(x[i].qs[j]);
}

namespace {
// One base-3 digit of a TQ1_0 byte: the byte is a fixed-point fraction in [0, 1)
// of 3^5 (or 3^4); multiplying by 3^k and taking the top of ·3 extracts digit k.
inline float ternaryDigit(uint8_t packed, uint8_t pow3, float d) {
    const uint8_t q = static_cast<uint8_t>(packed * pow3);
    const int xi = (static_cast<uint16_t>(q) * 3) >> 8;
    return static_cast<float>(xi - 1) * d;
}
} // namespace

void dequantizeRowTQ1_0(const void* src, float* y, int64_t n) {
    static constexpr uint8_t kPow3[6] = {1, 3, 9, 27, 81, 243};
    const auto* x = static_cast<const b::TQ1_0*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        for (int p = 0; p < 5; ++p)
            for (int m = 0; m < 32; ++m)
                *y++ = ternaryDigit(x[i].qs[m], kPow3[p], d);
        for (int p = 0; p < 5; ++p)
            for (int m = 0; m < 16; ++m)
                *y++ = ternaryDigit(x[i].qs[32 + m], kPow3[p], d);
        for (int p = 0; p < 4; ++p)
            for (int m = 0; m < 4; ++m)
                *y++ = ternaryDigit(x[i].qh[m], kPow3[p], d);
    }
}

void dequantizeRowTQ2_0(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::TQ2_0*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        for (int j = 0; j < 64; j += 32)
            for (int l = 0; l < 4; ++l)
                for (int m = 0; m < 32; ++m)
                    *y++ = static_cast<float>(((x[i].qs[j + m] >> (2 * l)) & 3) - 1) * d;
    }
}

} // namespace realm
