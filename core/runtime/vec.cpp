#include "runtime/vec.h"

#include "compute/cpu_features.h"
#include "quant/dequantize.h"

namespace realm::vec {

namespace {
float dotPortable(const float* a, const float* b, int64_t n) {
    float s = 0;
    for (int64_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}
float dotHalfPortable(const float* a, const uint16_t* b, int64_t n) {
    float s = 0;
    for (int64_t i = 0; i < n; ++i) s += a[i] * halfToFloat(b[i]);
    return s;
}
void axpyPortable(float a, const float* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}
void axpyHalfPortable(float a, const uint16_t* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] += a * halfToFloat(x[i]);
}
void toHalfPortable(const float* src, uint16_t* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i) dst[i] = floatToHalf(src[i]);
}

const Kernels* pick() {
    const Kernels* k = avx2Kernels();
    if (k && cpuHasAvx2()) return k;
    return &portableKernels();
}
} // namespace

const Kernels& portableKernels() {
    static const Kernels k{dotPortable, dotHalfPortable, axpyPortable, axpyHalfPortable, toHalfPortable};
    return k;
}

const Kernels& activeKernels() {
    static const Kernels* k = pick();
    return *k;
}

float dot(const float* a, const float* b, int64_t n) { return activeKernels().dot(a, b, n); }
float dotHalf(const float* a, const uint16_t* b, int64_t n) { return activeKernels().dotHalf(a, b, n); }
void axpy(float a, const float* x, float* y, int64_t n) { activeKernels().axpy(a, x, y, n); }
void axpyHalf(float a, const uint16_t* x, float* y, int64_t n) { activeKernels().axpyHalf(a, x, y, n); }
void toHalf(const float* src, uint16_t* dst, int64_t n) { activeKernels().toHalf(src, dst, n); }

} // namespace realm::vec
