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
void quantizeRowQ8_K(const float* src, void* dst, int64_t n);

} // namespace realm
