#pragma once
// Adapters from single-token and few-token dot products to VecDotFn's nx-token contract,
// shared by the per-ISA kernel files. (Their template arguments are functions local to
// each file, so every file gets its own instantiations, built with its own ISA flags.)
#include "compute/dot_kernels.h"
#include "compute/scratch.h"

namespace realm::kernels {

using OneTokenDot = float (*)(int64_t n, const void* w, const void* x);
using MultiTokenDot = void (*)(int64_t n, const void* w, const void* x, size_t xStride, float* out);

// The one-token kernel for each token in turn.
template <OneTokenDot Dot>
void perToken(int64_t n, const void* w, const void* x, size_t xStride, float* out, int nx) {
    for (int t = 0; t < nx; ++t)
        out[t] = Dot(n, w, static_cast<const uint8_t*>(x) + t * xStride);
}

// Row pairs (see RowPairsDotFn) through the one-token kernel, alternating between the two rows
// a row at a time: each row's bytes are one run, and the two streams advance together.
template <OneTokenDot Dot>
void rowPairsOneByOne(int64_t n, const void* w, size_t wStride, int64_t apart, const void* x, float* out,
                      int64_t nRows) {
    const auto* rows = static_cast<const uint8_t*>(w);
    for (int64_t r = 0; r < nRows; ++r) {
        out[r] = Dot(n, rows + static_cast<size_t>(r) * wStride, x);
        out[r + apart] = Dot(n, rows + static_cast<size_t>(r + apart) * wStride, x);
    }
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

// One token against rows taken four at a time by `Four`, which is handed a per-block term of the
// activations shared by every row (`BlockTerm` of each activation block, computed once per call:
// Q4_0's offset 8·Σ act·d), and the rest one by one through `One`.
template <class Act, float (*BlockTerm)(const Act&),
          void (*Four)(int64_t, const uint8_t*, size_t, const Act*, const float*, float*), OneTokenDot One>
void rowsInFoursWithBlockTerms(int64_t n, const void* w, size_t wStride, const void* x, float* out,
                               int64_t nRows) {
    const auto* rows = static_cast<const uint8_t*>(w);
    const auto* y = static_cast<const Act*>(x);
    int64_t r = 0;
    if (nRows >= 4) {
        thread_local Scratch scratch;
        const int64_t blocks = n / 32;
        auto* terms = reinterpret_cast<float*>(scratch.get(static_cast<size_t>(blocks) * sizeof(float)));
        for (int64_t k = 0; k < blocks; ++k)
            terms[k] = BlockTerm(y[k]);
        for (; r + 4 <= nRows; r += 4)
            Four(n, rows + r * wStride, wStride, y, terms, out + r);
    }
    for (; r < nRows; ++r)
        out[r] = One(n, rows + r * wStride, x);
}

} // namespace realm::kernels
