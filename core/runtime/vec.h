#pragma once
#include <cstdint>

// Small vector kernels of the attention and the KV cache, picked at run time (AVX2+F16C+FMA
// when the CPU has it, else portable code). Halves are IEEE binary16 bit patterns.
namespace realm::vec {

float dot(const float* a, const float* b, int64_t n);
float dotHalf(const float* a, const uint16_t* b, int64_t n);
void axpy(float a, const float* x, float* y, int64_t n);         // y += a·x
void axpyHalf(float a, const uint16_t* x, float* y, int64_t n);  // y += a·x
void toHalf(const float* src, uint16_t* dst, int64_t n);

struct Kernels {
    float (*dot)(const float*, const float*, int64_t);
    float (*dotHalf)(const float*, const uint16_t*, int64_t);
    void (*axpy)(float, const float*, float*, int64_t);
    void (*axpyHalf)(float, const uint16_t*, float*, int64_t);
    void (*toHalf)(const float*, uint16_t*, int64_t);
};
const Kernels& portableKernels();
const Kernels* avx2Kernels(); // nullptr when not compiled in
const Kernels& activeKernels();

} // namespace realm::vec

namespace realm {
inline void floatsToHalves(const float* src, uint16_t* dst, int64_t n) { vec::toHalf(src, dst, n); }
} // namespace realm
