#pragma once
// Adapters from single-token and few-token dot products to VecDotFn's nx-token contract,
// shared by the per-ISA kernel files. (Their template arguments are functions local to
// each file, so every file gets its own instantiations, built with its own ISA flags.)
#include "compute/dot_kernels.h"

namespace realm::kernels {

using OneTokenDot = float (*)(int64_t n, const void* w, const void* x);
using MultiTokenDot = void (*)(int64_t n, const void* w, const void* x, size_t xStride, float* out);

// The one-token kernel for each token in turn.
template <OneTokenDot Dot>
void perToken(int64_t n, const void* w, const void* x, size_t xStride, float* out, int nx) {
    for (int t = 0; t < nx; ++t)
        out[t] = Dot(n, w, static_cast<const uint8_t*>(x) + t * xStride);
}

// Kernels for 1..4 tokens sharing the row's unpacking: 4 tokens per pass, then the rest.
template <MultiTokenDot K1, MultiTokenDot K2, MultiTokenDot K3, MultiTokenDot K4>
void batched(int64_t n, const void* w, const void* x, size_t xStride, float* out, int nx) {
    const auto* xb = static_cast<const uint8_t*>(x);
    int t = 0;
    for (; t + 4 <= nx; t += 4)
        K4(n, w, xb + t * xStride, xStride, out + t);
    switch (nx - t) {
    case 3:
        K3(n, w, xb + t * xStride, xStride, out + t);
        break;
    case 2:
        K2(n, w, xb + t * xStride, xStride, out + t);
        break;
    case 1:
        K1(n, w, xb + t * xStride, xStride, out + t);
        break;
    default:
        break;
    }
}

} // namespace realm::kernels
