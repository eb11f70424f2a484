#pragma once
#include <cstdint>

// Reference quantizers from f32, with ggml's block layouts.
namespace realm {

void quantizeRowF32(const float* src, void* dst, int64_t n);
void quantizeRowF16(const float* src, void* dst, int64_t n);

} // namespace realm
