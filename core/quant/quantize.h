#pragma once
#include <cstdint>

// Quantizers from f32 with ggml's block layouts and the same algorithms as ggml's
// reference (no importance matrix) quantizers, so llama.cpp reads what we write.
// src holds n floats (a multiple of the block size), dst n/blockSize blocks.
namespace realm {

// quantize_legacy.cpp
void quantizeRowF32(const float* src, void* dst, int64_t n);
void quantizeRowF16(const float* src, void* dst, int64_t n);
void quantizeRowBF16(const float* src, void* dst, int64_t n);
void quantizeRowQ4_0(const float* src, void* dst, int64_t n);
void quantizeRowQ4_1(const float* src, void* dst, int64_t n);
void quantizeRowQ5_0(const float* src, void* dst, int64_t n);
void quantizeRowQ5_1(const float* src, void* dst, int64_t n);
void quantizeRowQ8_0(const float* src, void* dst, int64_t n);
void quantizeRowQ8_1(const float* src, void* dst, int64_t n);

// quantize_kquants.cpp
void quantizeRowQ2_K(const float* src, void* dst, int64_t n);
void quantizeRowQ3_K(const float* src, void* dst, int64_t n);
void quantizeRowQ4_K(const float* src, void* dst, int64_t n);
void quantizeRowQ5_K(const float* src, void* dst, int64_t n);
void quantizeRowQ6_K(const float* src, void* dst, int64_t n);
void quantizeRowQ2_KWeighted(const float* src, void* dst, int64_t n, const float* importance);
void quantizeRowQ3_KWeighted(const float* src, void* dst, int64_t n, const float* importance);
void quantizeRowQ4_KWeighted(const float* src, void* dst, int64_t n, const float* importance);
void quantizeRowQ5_KWeighted(const float* src, void* dst, int64_t n, const float* importance);
void quantizeRowQ6_KWeighted(const float* src, void* dst, int64_t n, const float* importance);
void quantizeRowQ8_K(const float* src, void* dst, int64_t n);

// quantize_weighted.cpp: rows of rowLength values quantized as ggml does with an importance
// matrix (quant_weights: one weight per column, `importance` holds rowLength of them).
// Types without such a quantizer (the plain floats need none) → realm::Error.
enum class GgmlType : uint32_t;
bool hasWeightedQuantizer(GgmlType type);
void quantizeRowsWeighted(GgmlType type, const float* src, void* dst, int64_t rowLength, int64_t rows,
                          const float* importance);

} // namespace realm
