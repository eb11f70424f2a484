#pragma once
#include "quant/float_formats.h"

#include <cstdint>

// Dequantizers, one per ggml type: src holds n/blockSize blocks, dst gets n floats.
// Bit-identical to ggml's to_float (same products in the same order, no FMA).
namespace realm {

// Plain scalar types (dequantize_float.cpp).
void dequantizeRowF32(const void* src, float* dst, int64_t n);
void dequantizeRowF16(const void* src, float* dst, int64_t n);
void dequantizeRowBF16(const void* src, float* dst, int64_t n);
void dequantizeRowF64(const void* src, float* dst, int64_t n);
void dequantizeRowI8(const void* src, float* dst, int64_t n);
void dequantizeRowI16(const void* src, float* dst, int64_t n);
void dequantizeRowI32(const void* src, float* dst, int64_t n);
void dequantizeRowI64(const void* src, float* dst, int64_t n);

// 32-element blocks (dequantize_legacy.cpp).
void dequantizeRowQ4_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ4_1(const void* src, float* dst, int64_t n);
void dequantizeRowQ5_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ5_1(const void* src, float* dst, int64_t n);
void dequantizeRowQ8_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ8_1(const void* src, float* dst, int64_t n);
void dequantizeRowIQ4_NL(const void* src, float* dst, int64_t n);
void dequantizeRowMXFP4(const void* src, float* dst, int64_t n);
void dequantizeRowNVFP4(const void* src, float* dst, int64_t n);

// 256-element super-blocks (dequantize_kquants.cpp).
void dequantizeRowQ2_K(const void* src, float* dst, int64_t n);
void dequantizeRowQ3_K(const void* src, float* dst, int64_t n);
void dequantizeRowQ4_K(const void* src, float* dst, int64_t n);
void dequantizeRowQ5_K(const void* src, float* dst, int64_t n);
void dequantizeRowQ6_K(const void* src, float* dst, int64_t n);
void dequantizeRowQ8_K(const void* src, float* dst, int64_t n);
void dequantizeRowTQ1_0(const void* src, float* dst, int64_t n);
void dequantizeRowTQ2_0(const void* src, float* dst, int64_t n);

// Codebook formats (dequantize_iquants.cpp).
void dequantizeRowIQ2_XXS(const void* src, float* dst, int64_t n);
void dequantizeRowIQ2_XS(const void* src, float* dst, int64_t n);
void dequantizeRowIQ2_S(const void* src, float* dst, int64_t n);
void dequantizeRowIQ3_XXS(const void* src, float* dst, int64_t n);
void dequantizeRowIQ3_S(const void* src, float* dst, int64_t n);
void dequantizeRowIQ1_S(const void* src, float* dst, int64_t n);
void dequantizeRowIQ1_M(const void* src, float* dst, int64_t n);
void dequantizeRowIQ4_XS(const void* src, float* dst, int64_t n);

} // namespace realm
