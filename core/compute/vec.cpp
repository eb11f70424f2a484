#include "compute/vec.h"

#include "compute/dot_kernels.h"
#include "quant/dequantize.h"

#include <algorithm>
#include <cmath>

namespace realm::vec {

namespace {
float dotPortable(const float* a, const float* b, int64_t n) {
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += a[i] * b[i];
    return s;
}
float dotHalfPortable(const float* a, const uint16_t* b, int64_t n) {
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += a[i] * halfToFloat(b[i]);
    return s;
}
void axpyPortable(float a, const float* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        y[i] += a * x[i];
}
void axpyHalfPortable(float a, const uint16_t* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        y[i] += a * halfToFloat(x[i]);
}
void toHalfPortable(const float* src, uint16_t* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        dst[i] = floatToHalf(src[i]);
}

float loadPortable(const void* p, int64_t i, bool half) {
    return half ? halfToFloat(static_cast<const uint16_t*>(p)[i]) : static_cast<const float*>(p)[i];
}
void groupScoresPortable(const float* q, int64_t G, int64_t D, const void* k, int64_t stride, bool half,
                         int64_t nKeys, float scale, float* scores, int64_t ld) {
    for (int64_t j = 0; j < nKeys; ++j)
        for (int64_t g = 0; g < G; ++g) {
            float s = 0;
            for (int64_t i = 0; i < D; ++i)
                s += q[g * D + i] * loadPortable(k, j * stride + i, half);
            scores[g * ld + j] = scale * s;
        }
}
void groupMixPortable(const float* p, int64_t ld, int64_t G, int64_t D, const void* v, int64_t stride,
                      bool half, int64_t nKeys, float* out) {
    for (int64_t i = 0; i < G * D; ++i)
        out[i] = 0;
    for (int64_t j = 0; j < nKeys; ++j)
        for (int64_t g = 0; g < G; ++g)
            for (int64_t i = 0; i < D; ++i)
                out[g * D + i] += p[g * ld + j] * loadPortable(v, j * stride + i, half);
}
void softmaxPortable(float* x, int64_t n) {
    float mx = -INFINITY;
    for (int64_t i = 0; i < n; ++i)
        mx = std::max(mx, x[i]);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - mx);
        sum += x[i];
    }
    const float inv = static_cast<float>(1.0 / sum);
    for (int64_t i = 0; i < n; ++i)
        x[i] *= inv;
}

void siluMulPortable(float* gate, const float* up, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = g / (1.0f + std::exp(-g)) * up[i];
    }
}

void groupAttentionPortable(const float* q, int64_t G, int64_t D, const void* k, const void* v,
                            int64_t stride, bool half, int64_t nKeys, float scale, float softcap,
                            float* scratch, float* out) {
    groupAttentionComposed(portableKernels(), q, G, D, k, v, stride, half, nKeys, scale, softcap, scratch,
                           out);
}

const Kernels* pick() {
    switch (detectedIsa()) {
    case Isa::Avx512:
        if (const Kernels* k = avx512Kernels()) return k;
        [[fallthrough]];
    case Isa::Avx2:
        if (const Kernels* k = avx2Kernels()) return k;
        [[fallthrough]];
    case Isa::Scalar:
        break;
    }
    return &portableKernels();
}
} // namespace

const Kernels& portableKernels() {
    static const Kernels k{dotPortable,     dotHalfPortable,       axpyPortable,     axpyHalfPortable,
                           toHalfPortable,  groupScoresPortable,   groupMixPortable, softmaxPortable,
                           siluMulPortable, groupAttentionPortable};
    return k;
}

void groupAttentionComposed(const Kernels& kernels, const float* q, int64_t G, int64_t D, const void* k,
                            const void* v, int64_t stride, bool half, int64_t nKeys, float scale,
                            float softcap, float* scratch, float* out) {
    kernels.groupScores(q, G, D, k, stride, half, nKeys, scale, scratch, nKeys);
    for (int64_t g = 0; g < G; ++g) {
        float* row = scratch + g * nKeys;
        if (softcap > 0)
            for (int64_t j = 0; j < nKeys; ++j)
                row[j] = softcap * std::tanh(row[j] * (1.0f / softcap));
        kernels.softmax(row, nKeys);
    }
    kernels.groupMix(scratch, nKeys, G, D, v, stride, half, nKeys, out);
}

const Kernels& activeKernels() {
    static const Kernels* k = pick();
    return *k;
}

float dot(const float* a, const float* b, int64_t n) {
    return activeKernels().dot(a, b, n);
}
float dotHalf(const float* a, const uint16_t* b, int64_t n) {
    return activeKernels().dotHalf(a, b, n);
}
void axpy(float a, const float* x, float* y, int64_t n) {
    activeKernels().axpy(a, x, y, n);
}
void axpyHalf(float a, const uint16_t* x, float* y, int64_t n) {
    activeKernels().axpyHalf(a, x, y, n);
}
void toHalf(const float* src, uint16_t* dst, int64_t n) {
    activeKernels().toHalf(src, dst, n);
}
void groupScores(const float* q, int64_t G, int64_t D, const void* k, int64_t stride, bool half,
                 int64_t nKeys, float scale, float* scores, int64_t ld) {
    activeKernels().groupScores(q, G, D, k, stride, half, nKeys, scale, scores, ld);
}
void groupMix(const float* p, int64_t ld, int64_t G, int64_t D, const void* v, int64_t stride, bool half,
              int64_t nKeys, float* out) {
    activeKernels().groupMix(p, ld, G, D, v, stride, half, nKeys, out);
}
void groupAttention(const float* q, int64_t G, int64_t D, const void* k, const void* v, int64_t stride,
                    bool half, int64_t nKeys, float scale, float softcap, float* scratch, float* out) {
    activeKernels().groupAttention(q, G, D, k, v, stride, half, nKeys, scale, softcap, scratch, out);
}
void softmax(float* x, int64_t n) {
    activeKernels().softmax(x, n);
}
void siluMul(float* gate, const float* up, int64_t n) {
    activeKernels().siluMul(gate, up, n);
}

} // namespace realm::vec
