#pragma once
#include <cstdint>

// Reference (scalar) dequantizers, one per ggml type; bit-identical to ggml's to_float.
namespace realm {

float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);

void dequantizeRowF32(const void* src, float* dst, int64_t n);
void dequantizeRowF16(const void* src, float* dst, int64_t n);

} // namespace realm
