#pragma once
#include "quant/ggml_type.h"

#include <cstdint>
#include <span>

namespace realm {

class ThreadPool;

// A 2-D weight matrix as stored in the mapping: `rows` rows of `cols` elements of `type`,
// row r at data + r * rowBytes(type, cols). Never copied or dequantized as a whole.
struct WeightView {
    GgmlType type;
    const void* data;
    int64_t rows; // output features (GGUF ne1)
    int64_t cols; // input features (GGUF ne0)
};

// y[t * w.rows + r] = sum_c W[r][c] * x[t * w.cols + c] for t < nTokens.
// Activations are f32; the kernel may quantize them internally as ggml does.
// `pool` may be nullptr (runs on the calling thread). Throws realm::Error for a weight
// type that cannot be multiplied or a row length that is not a whole number of blocks.
// Not reentrant per calling thread (per-thread scratch), fine across threads.
void matmul(const WeightView& w, const float* x, int64_t nTokens, float* y, ThreadPool* pool);

// Several weights applied to the same activations (attention's q, k, v; the gate and up
// projections), each into its own y. For one token all their rows are shared out in one
// pass of the pool, so the threads meet once instead of once per matrix, and activations
// are converted once per format; for more tokens each is an ordinary matmul.
struct MatmulPart {
    WeightView w;
    float* y;
};
void matmulSameInput(std::span<const MatmulPart> parts, const float* x, int64_t nTokens, ThreadPool* pool);

// The same with a given kernel for w.type instead of this CPU's best one (benchmarks
// compare instruction sets in one run).
struct DotKernel;
void matmul(const WeightView& w, const float* x, int64_t nTokens, float* y, ThreadPool* pool,
            const DotKernel& kernel);

// The slow, obviously correct version (dequantize each row, double accumulation, no
// activation quantization): what the fast path is tested against.
void matmulReference(const WeightView& w, const float* x, int64_t nTokens, float* y);

} // namespace realm
