#include "runtime/ops.h"

#include "compute/vec.h"
#include "quant/float_formats.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace realm::ops {

void rmsNorm(const float* x, const float* w, float* out, int64_t nRows, int64_t n, float eps) {
    for (int64_t r = 0; r < nRows; ++r) {
        const float* xr = x + r * n;
        float* o = out + r * n;
        // Double accumulation: the sum of squares is the one long reduction here.
        double ss = 0;
        for (int64_t i = 0; i < n; ++i)
            ss += static_cast<double>(xr[i]) * xr[i];
        const float scale = static_cast<float>(1.0 / std::sqrt(ss / static_cast<double>(n) + eps));
        for (int64_t i = 0; i < n; ++i)
            o[i] = xr[i] * scale * w[i];
    }
}

void addBias(float* x, const float* b, int64_t nRows, int64_t n) {
    for (int64_t r = 0; r < nRows; ++r)
        for (int64_t i = 0; i < n; ++i)
            x[r * n + i] += b[i];
}

void siluMul(float* gate, const float* up, int64_t n) {
    vec::siluMul(gate, up, n);
}

float geluTanh(float x) {
    constexpr float kSqrt2OverPi = 0.79788456080286535588f;
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * (1.0f + 0.044715f * x * x)));
}

namespace {
// ggml's CPU GELU (GGML_GELU_FP16) looks the value up by the f16 rounding of x in a table of
// f16-rounded results; doing the same keeps gemma logits within 1e-5 of llama.cpp instead of 1e-3.
const std::vector<float>& geluHalfTable() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65536);
        for (uint32_t h = 0; h < 65536; ++h) {
            uint16_t r;
            const float g = geluTanh(halfToFloat(static_cast<uint16_t>(h)));
            floatsToHalves(&g, &r, 1);
            t[h] = halfToFloat(r);
        }
        return t;
    }();
    return table;
}
} // namespace

void geluMul(float* gate, const float* up, int64_t n) {
    const std::vector<float>& table = geluHalfTable();
    constexpr int64_t kChunk = 256;
    uint16_t halves[kChunk];
    for (int64_t c = 0; c < n; c += kChunk) {
        const int64_t m = std::min(kChunk, n - c);
        floatsToHalves(gate + c, halves, m);
        for (int64_t i = 0; i < m; ++i) {
            const float x = gate[c + i];
            const float g = x <= -10.0f ? 0.0f : x >= 10.0f ? x : table[halves[i]];
            gate[c + i] = g * up[c + i];
        }
    }
}

void gatedActivation(Activation act, float* gate, const float* up, int64_t n) {
    if (act == Activation::GeluTanh)
        geluMul(gate, up, n);
    else
        vec::siluMul(gate, up, n);
}

void softcap(float* x, int64_t n, float cap) {
    const float inv = 1.0f / cap;
    for (int64_t i = 0; i < n; ++i)
        x[i] = cap * std::tanh(x[i] * inv);
}

void scale(float* x, int64_t n, float s) {
    for (int64_t i = 0; i < n; ++i)
        x[i] *= s;
}

void add(float* y, const float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        y[i] += x[i];
}

void ropeAngles(float* cosSin, int64_t pos, int64_t nRot, double freqBase, double freqScale) {
    for (int64_t i = 0; i < nRot / 2; ++i) {
        const double theta = static_cast<double>(pos) * freqScale *
                             std::pow(freqBase, -2.0 * static_cast<double>(i) / static_cast<double>(nRot));
        cosSin[2 * i] = static_cast<float>(std::cos(theta));
        cosSin[2 * i + 1] = static_cast<float>(std::sin(theta));
    }
}

void ropeAngles(float* cosSin, int64_t pos, int64_t nRot, const RopeParams& p, const float* factors) {
    for (int64_t i = 0; i < nRot / 2; ++i) {
        double extrap = static_cast<double>(pos) *
                        std::pow(p.freqBase, -2.0 * static_cast<double>(i) / static_cast<double>(nRot));
        if (factors) extrap /= static_cast<double>(factors[i]);
        double theta = p.freqScale * extrap;
        if (p.extFactor != 0.0) {
            // ggml's rope_yarn_ramp: 1 below corrLow (keep extrapolated), 0 above corrHigh.
            const double y = (static_cast<double>(i) - p.corrLow) / std::max(0.001, p.corrHigh - p.corrLow);
            const double mix = (1.0 - std::min(1.0, std::max(0.0, y))) * p.extFactor;
            theta = theta * (1.0 - mix) + extrap * mix;
        }
        cosSin[2 * i] = static_cast<float>(std::cos(theta) * p.magnitude);
        cosSin[2 * i + 1] = static_cast<float>(std::sin(theta) * p.magnitude);
    }
}

void rope(float* x, int64_t nHeads, int64_t headDim, int64_t nRot, const float* cosSin, RopeLayout layout) {
    const int64_t half = nRot / 2;
    for (int64_t h = 0; h < nHeads; ++h) {
        float* v = x + h * headDim;
        for (int64_t i = 0; i < half; ++i) {
            const float c = cosSin[2 * i], s = cosSin[2 * i + 1];
            // Normal pairs neighbours (2i, 2i+1); NEOX pairs the two halves (i, i+half).
            const int64_t a = layout == RopeLayout::Normal ? 2 * i : i;
            const int64_t b = layout == RopeLayout::Normal ? 2 * i + 1 : i + half;
            const float x0 = v[a], x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

} // namespace realm::ops
