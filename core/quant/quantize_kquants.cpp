// K-quant quantizers (ggml's reference, no importance matrix). Every sum is formed in
// the same order and precision as ggml's so our files are byte-identical to
// llama-quantize's where its algorithm is deterministic.
#include "quant/quantize.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"
#include "quant/quant_search.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace realm {

namespace b = blocks;

namespace {
using quant_search::kGroupMaxEps;
using quant_search::makeQkx2Quants;
using quant_search::makeQpQuants;
using quant_search::makeQxQuants;
using quant_search::nearestInt;
using quant_search::signedMaxMagnitude;

// Q3_K's symmetric levels, refined one element at a time (up to 5 sweeps).
float makeQ3Quants(int n, int nmax, const float* x, int8_t* L) {
    const float max = signedMaxMagnitude(x, n);
    if (std::fabs(max) < kGroupMaxEps) { // all (near) zero
        std::fill(L, L + n, 0);
        return 0.f;
    }
    const float iscale = -nmax / max;
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        int l = nearestInt(iscale * x[i]);
        l = std::max(-nmax, std::min(nmax - 1, l));
        L[i] = static_cast<int8_t>(l);
        const float w = x[i] * x[i];
        sumlx += w * x[i] * static_cast<float>(l);
        suml2 += w * static_cast<float>(l) * static_cast<float>(l);
    }
    for (int itry = 0; itry < 5; ++itry) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            float slx = sumlx - w * x[i] * static_cast<float>(L[i]);
            if (slx > 0) {
                float sl2 = suml2 - w * static_cast<float>(L[i]) * static_cast<float>(L[i]);
                int newL = nearestInt(x[i] * sl2 / slx);
                newL = std::max(-nmax, std::min(nmax - 1, newL));
                if (newL != L[i]) {
                    slx += w * x[i] * static_cast<float>(newL);
                    sl2 += w * static_cast<float>(newL) * static_cast<float>(newL);
                    if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = static_cast<int8_t>(newL);
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed) break;
    }
    for (int i = 0; i < n; ++i)
        L[i] = static_cast<int8_t>(L[i] + nmax);
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

// Packs 8 six-bit scales and mins into Q4_K/Q5_K's 12 bytes.
// Packs 8 six-bit scale levels and min levels into Q4_K/Q5_K's 12 bytes.
void packScaleLevelsK4(const uint8_t* ls, const uint8_t* lm, uint8_t* out) {
    std::memset(out, 0, 12);
    for (int j = 0; j < 8; ++j) {
        if (j < 4) {
            out[j] = ls[j];
            out[j + 4] = lm[j];
        } else {
            out[j + 4] = static_cast<uint8_t>((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
            out[j - 4] |= static_cast<uint8_t>((ls[j] >> 4) << 6);
            out[j] |= static_cast<uint8_t>((lm[j] >> 4) << 6);
        }
    }
}

void packScalesK4(const float* scales, const float* mins, float invScale, float invMin, uint8_t* out) {
    uint8_t ls[8], lm[8];
    for (int j = 0; j < 8; ++j) {
        ls[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(invScale * scales[j])));
        lm[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(invMin * mins[j])));
    }
    packScaleLevelsK4(ls, lm, out);
}

// With an importance matrix (ggml's quantize_row_q4_K_impl / q5_K_impl): each value weighs
// importance · sqrt(σ² + x²), σ² twice the super-block's mean square; the sub-block scales and
// mins get their own weighted level search.
void chooseScalesWeightedK(const float* x, int nmax, const float* importance, uint16_t& dOut,
                           uint16_t& dminOut, uint8_t* scalesOut, uint8_t* L) {
    uint8_t Laux[32], ls[8], lm[8];
    float weights[32], sumWeights[8], mins[8], scales[8];
    float sumX2 = 0;
    for (int l = 0; l < 256; ++l)
        sumX2 += x[l] * x[l];
    const float sigma2 = 2 * sumX2 / 256;
    for (int j = 0; j < 8; ++j) {
        for (int l = 0; l < 32; ++l)
            weights[l] = importance[32 * j + l] * std::sqrt(sigma2 + x[32 * j + l] * x[32 * j + l]);
        float sum = 0;
        for (int l = 0; l < 32; ++l)
            sum += weights[l];
        sumWeights[j] = sum;
        scales[j] = makeQkx2Quants(32, nmax, x + 32 * j, weights, L + 32 * j, &mins[j], Laux, -0.9f, 0.05f,
                                   36, false);
    }
    dOut = floatToHalf(makeQpQuants(8, 63, scales, ls, sumWeights));
    dminOut = floatToHalf(makeQpQuants(8, 63, mins, lm, sumWeights));
    packScaleLevelsK4(ls, lm, scalesOut);
}

// Every value re-rounded against the stored (quantized) scale and min of its sub-block.
void requantizeK(const float* x, int nmax, uint16_t d16, uint16_t dmin16, const uint8_t* scalesOut,
                 uint8_t* L) {
    for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        b::scaleMinK4(j, scalesOut, sc, m);
        const float d = halfToFloat(d16) * static_cast<float>(sc);
        if (d == 0.0f) continue;
        const float dm = halfToFloat(dmin16) * static_cast<float>(m);
        for (int ii = 0; ii < 32; ++ii) {
            const int l = nearestInt((x[32 * j + ii] + dm) / d);
            L[32 * j + ii] = static_cast<uint8_t>(std::max(0, std::min(nmax, l)));
        }
    }
}

// Shared by Q4_K (nmax 15) and Q5_K (nmax 31): 8 sub-blocks of 32 with scale and min,
// then re-rounds every value against the stored (quantized) scales. L gets 0..nmax.
void quantizeSuperBlockK(const float* x, int nmax, float rmin, int nstep, uint16_t& dOut, uint16_t& dminOut,
                         uint8_t* scalesOut, uint8_t* L, const float* importance) {
    if (importance) {
        chooseScalesWeightedK(x, nmax, importance, dOut, dminOut, scalesOut, L);
        requantizeK(x, nmax, dOut, dminOut, scalesOut, L);
        return;
    }
    uint8_t Laux[32];
    float weights[32], mins[8], scales[8];
    float maxScale = 0, maxMin = 0;
    for (int j = 0; j < 8; ++j) {
        float sumX2 = 0;
        for (int l = 0; l < 32; ++l)
            sumX2 += x[32 * j + l] * x[32 * j + l];
        const float avX = std::sqrt(sumX2 / 32);
        for (int l = 0; l < 32; ++l)
            weights[l] = avX + std::fabs(x[32 * j + l]);
        scales[j] = makeQkx2Quants(32, nmax, x + 32 * j, weights, L + 32 * j, &mins[j], Laux, rmin, 0.1f,
                                   nstep, false);
        if (scales[j] > maxScale) maxScale = scales[j];
        if (mins[j] > maxMin) maxMin = mins[j];
    }
    const float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
    const float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
    packScalesK4(scales, mins, invScale, invMin, scalesOut);
    dOut = floatToHalf(maxScale / 63.f);
    dminOut = floatToHalf(maxMin / 63.f);
    requantizeK(x, nmax, dOut, dminOut, scalesOut, L);
}
} // namespace

namespace {
// The reference scale stage: |x|-weighted group search, group scales and mins rounded to 4 bits
// against the largest.
void chooseScalesQ2(const float* x, uint8_t* L, b::Q2_K& y) {
    uint8_t Laux[16];
    float weights[16], mins[16], scales[16];
    const float q4scale = 15.f;
    float maxScale = 0, maxMin = 0;
    for (int j = 0; j < 16; ++j) {
        for (int l = 0; l < 16; ++l)
            weights[l] = std::fabs(x[16 * j + l]);
        scales[j] =
            makeQkx2Quants(16, 3, x + 16 * j, weights, L + 16 * j, &mins[j], Laux, -0.5f, 0.1f, 15, true);
        if (scales[j] > maxScale) maxScale = scales[j];
        if (mins[j] > maxMin) maxMin = mins[j];
    }
    if (maxScale > 0) {
        const float iscale = q4scale / maxScale;
        for (int j = 0; j < 16; ++j)
            y.scales[j] = static_cast<uint8_t>(nearestInt(iscale * scales[j]));
        y.d = floatToHalf(maxScale / q4scale);
    } else {
        std::memset(y.scales, 0, 16);
        y.d = floatToHalf(0.f);
    }
    if (maxMin > 0) {
        const float iscale = q4scale / maxMin;
        for (int j = 0; j < 16; ++j)
            y.scales[j] |= static_cast<uint8_t>(nearestInt(iscale * mins[j]) << 4);
        y.dmin = floatToHalf(maxMin / q4scale);
    } else {
        y.dmin = floatToHalf(0.f);
    }
}

// ggml's quantize_row_q2_K_impl: weights importance · sqrt(σ² + x²) (σ² the super-block's mean
// square), then weighted searches over the group scales and mins.
void chooseScalesWeightedQ2(const float* x, const float* importance, uint8_t* L, b::Q2_K& y) {
    uint8_t Laux[16], ls[16], lm[16];
    float weights[16], sumWeights[16], mins[16], scales[16];
    float sumX2 = 0;
    for (int j = 0; j < 256; ++j)
        sumX2 += x[j] * x[j];
    const float sigma2 = sumX2 / 256;
    for (int j = 0; j < 16; ++j) {
        float sum = 0;
        for (int l = 0; l < 16; ++l) {
            weights[l] = importance[16 * j + l] * std::sqrt(sigma2 + x[16 * j + l] * x[16 * j + l]);
            sum += weights[l];
        }
        sumWeights[j] = sum;
        scales[j] =
            makeQkx2Quants(16, 3, x + 16 * j, weights, L + 16 * j, &mins[j], Laux, -0.9f, 0.05f, 36, false);
    }
    y.d = floatToHalf(makeQpQuants(16, 15, scales, ls, sumWeights));
    y.dmin = floatToHalf(makeQpQuants(16, 15, mins, lm, sumWeights));
    for (int j = 0; j < 16; ++j)
        y.scales[j] = static_cast<uint8_t>(ls[j] | (lm[j] << 4));
}
} // namespace

void quantizeRowQ2_K(const float* x, void* dst, int64_t n) {
    quantizeRowQ2_KWeighted(x, dst, n, nullptr);
}

void quantizeRowQ2_KWeighted(const float* x, void* dst, int64_t n, const float* importance) {
    auto* y = static_cast<b::Q2_K*>(dst);
    uint8_t L[256];
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        if (importance)
            chooseScalesWeightedQ2(x, importance + i * b::kQK, L, y[i]);
        else
            chooseScalesQ2(x, L, y[i]);
        for (int j = 0; j < 16; ++j) {
            const float d = halfToFloat(y[i].d) * static_cast<float>(y[i].scales[j] & 0xF);
            if (d == 0.0f) continue;
            const float dm = halfToFloat(y[i].dmin) * static_cast<float>(y[i].scales[j] >> 4);
            for (int ii = 0; ii < 16; ++ii) {
                const int l = nearestInt((x[16 * j + ii] + dm) / d);
                L[16 * j + ii] = static_cast<uint8_t>(std::max(0, std::min(3, l)));
            }
        }
        for (int j = 0; j < 256; j += 128)
            for (int l = 0; l < 32; ++l)
                y[i].qs[j / 4 + l] = static_cast<uint8_t>(L[j + l] | (L[j + l + 32] << 2) |
                                                          (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
    }
}

void quantizeRowQ3_K(const float* x, void* dst, int64_t n) {
    quantizeRowQ3_KWeighted(x, dst, n, nullptr);
}

namespace {
// The reference scale stage: each group's scale from Q3's own search, the group scales
// rounded against the largest one.
void chooseScalesQ3(const float* x, int8_t* L, float* scales, b::Q3_K& y) {
    float maxScale = 0, amax = 0;
    for (int j = 0; j < 16; ++j) {
        scales[j] = makeQ3Quants(16, 4, x + 16 * j, L + 16 * j);
        const float scale = std::fabs(scales[j]);
        if (scale > amax) {
            amax = scale;
            maxScale = scales[j];
        }
    }
    std::memset(y.scales, 0, 12);
    if (maxScale != 0.0f) {
        const float iscale = -32.f / maxScale;
        for (int j = 0; j < 16; ++j) {
            int l = static_cast<int8_t>(nearestInt(iscale * scales[j]));
            l = std::max(-32, std::min(31, l)) + 32;
            if (j < 8)
                y.scales[j] = static_cast<uint8_t>(l & 0xF);
            else
                y.scales[j - 8] |= static_cast<uint8_t>((l & 0xF) << 4);
            y.scales[j % 4 + 8] |= static_cast<uint8_t>((l >> 4) << (2 * (j / 4)));
        }
        y.d = floatToHalf(1 / iscale);
    } else {
        y.d = floatToHalf(0.f);
    }
}
} // namespace

namespace {
// ggml's quantize_row_q3_K_impl with quant_weights: each group of 16 searched with weights
// importance · sqrt(σ² + x²) (σ² twice the super-block's mean square), the 16 group scales
// with a weighted search of their own (each group weighs its summed weights).
void chooseScalesWeightedQ3(const float* x, const float* importance, int8_t* L, b::Q3_K& y) {
    float scales[16], weights[16], sumWeights[16];
    int8_t levels[16];
    float sumX2 = 0;
    for (int j = 0; j < 256; ++j)
        sumX2 += x[j] * x[j];
    const float sigma2 = 2 * sumX2 / 256;
    for (int j = 0; j < 16; ++j) {
        for (int l = 0; l < 16; ++l)
            weights[l] = importance[16 * j + l] * std::sqrt(sigma2 + x[16 * j + l] * x[16 * j + l]);
        float sum = 0;
        for (int l = 0; l < 16; ++l)
            sum += weights[l];
        sumWeights[j] = sum;
        scales[j] = makeQxQuants(16, 4, x + 16 * j, L + 16 * j, weights);
    }
    std::memset(y.scales, 0, 12);
    const float d = makeQxQuants(16, 32, scales, levels, sumWeights);
    for (int j = 0; j < 16; ++j) {
        const int l = levels[j];
        if (j < 8)
            y.scales[j] = static_cast<uint8_t>(l & 0xF);
        else
            y.scales[j - 8] |= static_cast<uint8_t>((l & 0xF) << 4);
        y.scales[j % 4 + 8] |= static_cast<uint8_t>((l >> 4) << (2 * (j / 4)));
    }
    y.d = floatToHalf(d);
}
} // namespace

void quantizeRowQ3_KWeighted(const float* x, void* dst, int64_t n, const float* importance) {
    auto* y = static_cast<b::Q3_K*>(dst);
    int8_t L[256];
    float scales[16];
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        if (importance) {
            chooseScalesWeightedQ3(x, importance + i * b::kQK, L, y[i]);
        } else {
            chooseScalesQ3(x, L, scales, y[i]);
        }
        for (int j = 0; j < 16; ++j) {
            int sc = j < 8 ? y[i].scales[j] & 0xF : y[i].scales[j - 8] >> 4;
            sc = (sc | (((y[i].scales[8 + j % 4] >> (2 * (j / 4))) & 3) << 4)) - 32;
            const float d = halfToFloat(y[i].d) * static_cast<float>(sc);
            if (d == 0.0f) continue;
            for (int ii = 0; ii < 16; ++ii) {
                const int l = nearestInt(x[16 * j + ii] / d);
                L[16 * j + ii] = static_cast<int8_t>(std::max(-4, std::min(3, l)) + 4);
            }
        }
        // High bit of value j goes to hmask[j % 32], bit j / 32.
        std::memset(y[i].hmask, 0, 32);
        for (int j = 0; j < 256; ++j) {
            if (L[j] > 3) {
                y[i].hmask[j % 32] |= static_cast<uint8_t>(1 << (j / 32));
                L[j] = static_cast<int8_t>(L[j] - 4);
            }
        }
        for (int j = 0; j < 256; j += 128)
            for (int l = 0; l < 32; ++l)
                y[i].qs[j / 4 + l] = static_cast<uint8_t>(L[j + l] | (L[j + l + 32] << 2) |
                                                          (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
    }
}

void quantizeRowQ4_K(const float* x, void* dst, int64_t n) {
    quantizeRowQ4_KWeighted(x, dst, n, nullptr);
}

void quantizeRowQ4_KWeighted(const float* x, void* dst, int64_t n, const float* importance) {
    auto* y = static_cast<b::Q4_K*>(dst);
    uint8_t L[256];
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        quantizeSuperBlockK(x, 15, -1.f, 20, y[i].d, y[i].dmin, y[i].scales, L,
                            importance ? importance + i * b::kQK : nullptr);
        uint8_t* q = y[i].qs;
        for (int j = 0; j < 256; j += 64, q += 32)
            for (int l = 0; l < 32; ++l)
                q[l] = static_cast<uint8_t>(L[j + l] | (L[j + l + 32] << 4));
    }
}

void quantizeRowQ5_K(const float* x, void* dst, int64_t n) {
    quantizeRowQ5_KWeighted(x, dst, n, nullptr);
}

void quantizeRowQ5_KWeighted(const float* x, void* dst, int64_t n, const float* importance) {
    auto* y = static_cast<b::Q5_K*>(dst);
    uint8_t L[256];
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        quantizeSuperBlockK(x, 31, -0.5f, 15, y[i].d, y[i].dmin, y[i].scales, L,
                            importance ? importance + i * b::kQK : nullptr);
        uint8_t* qh = y[i].qh;
        uint8_t* ql = y[i].qs;
        std::memset(qh, 0, 32);
        uint8_t m1 = 1, m2 = 2;
        for (int n0 = 0; n0 < 256; n0 += 64, ql += 32) {
            for (int j = 0; j < 32; ++j) {
                int l1 = L[n0 + j], l2 = L[n0 + j + 32];
                if (l1 > 15) {
                    l1 -= 16;
                    qh[j] |= m1;
                }
                if (l2 > 15) {
                    l2 -= 16;
                    qh[j] |= m2;
                }
                ql[j] = static_cast<uint8_t>(l1 | (l2 << 4));
            }
            m1 = static_cast<uint8_t>(m1 << 2);
            m2 = static_cast<uint8_t>(m2 << 2);
        }
    }
}

void quantizeRowQ6_K(const float* x, void* dst, int64_t n) {
    quantizeRowQ6_KWeighted(x, dst, n, nullptr);
}

// importance (one weight per column) replaces the x² weighting of each 16-value group's search.
void quantizeRowQ6_KWeighted(const float* x, void* dst, int64_t n, const float* importance) {
    auto* y = static_cast<b::Q6_K*>(dst);
    int8_t L[256];
    float scales[16];
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        float maxScale = 0, maxAbsScale = 0;
        for (int ib = 0; ib < 16; ++ib) {
            const float* weights = importance ? importance + i * b::kQK + 16 * ib : nullptr;
            const float scale = makeQxQuants(16, 32, x + 16 * ib, L + 16 * ib, weights);
            scales[ib] = scale;
            if (std::fabs(scale) > maxAbsScale) {
                maxAbsScale = std::fabs(scale);
                maxScale = scale;
            }
        }
        if (maxAbsScale < kGroupMaxEps) {
            std::memset(&y[i], 0, sizeof(b::Q6_K));
            continue;
        }
        const float iscale = -128.f / maxScale;
        y[i].d = floatToHalf(1 / iscale);
        for (int ib = 0; ib < 16; ++ib)
            y[i].scales[ib] = static_cast<int8_t>(std::min(127, nearestInt(iscale * scales[ib])));
        for (int j = 0; j < 16; ++j) {
            const float d = halfToFloat(y[i].d) * static_cast<float>(y[i].scales[j]);
            if (d == 0.0f) continue;
            for (int ii = 0; ii < 16; ++ii) {
                const int l = nearestInt(x[16 * j + ii] / d);
                L[16 * j + ii] = static_cast<int8_t>(std::max(-32, std::min(31, l)) + 32);
            }
        }
        uint8_t* ql = y[i].ql;
        uint8_t* qh = y[i].qh;
        for (int j = 0; j < 256; j += 128, ql += 64, qh += 32) {
            for (int l = 0; l < 32; ++l) {
                const int q1 = L[j + l] & 0xF, q2 = L[j + l + 32] & 0xF, q3 = L[j + l + 64] & 0xF,
                          q4 = L[j + l + 96] & 0xF;
                ql[l] = static_cast<uint8_t>(q1 | (q3 << 4));
                ql[l + 32] = static_cast<uint8_t>(q2 | (q4 << 4));
                qh[l] = static_cast<uint8_t>((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2) |
                                             ((L[j + l + 64] >> 4) << 4) | ((L[j + l + 96] >> 4) << 6));
            }
        }
    }
}

void quantizeRowQ8_K(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_K*>(dst);
    for (int64_t i = 0; i < n / b::kQK; ++i, x += b::kQK) {
        float max = 0, amax = 0;
        for (int j = 0; j < 256; ++j) {
            const float ax = std::fabs(x[j]);
            if (ax > amax) {
                amax = ax;
                max = x[j];
            }
        }
        if (amax == 0.0f) {
            std::memset(&y[i], 0, sizeof(b::Q8_K));
            continue;
        }
        // -127 (not -128) keeps every level symmetric, as ggml's dot products expect.
        const float iscale = -127.f / max;
        for (int j = 0; j < 256; ++j)
            y[i].qs[j] = static_cast<int8_t>(std::min(127, nearestInt(iscale * x[j])));
        for (int j = 0; j < 16; ++j) {
            int sum = 0;
            for (int ii = 0; ii < 16; ++ii)
                sum += y[i].qs[16 * j + ii];
            y[i].bsums[j] = static_cast<int16_t>(sum);
        }
        y[i].d = 1 / iscale;
    }
}

} // namespace realm
