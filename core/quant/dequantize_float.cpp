// Plain element types: each value converted on its own.
#include "quant/dequantize.h"

#include <cstring>

namespace realm {

namespace {
// Reads element i of type T from possibly unaligned bytes.
template <typename T> T load(const void* src, int64_t i) {
    T v;
    std::memcpy(&v, static_cast<const uint8_t*>(src) + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return v;
}

template <typename T> void convertRow(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        dst[i] = static_cast<float>(load<T>(src, i));
}
} // namespace

void dequantizeRowF32(const void* src, float* dst, int64_t n) {
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
}

void dequantizeRowF16(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        dst[i] = halfToFloat(load<uint16_t>(src, i));
}

void dequantizeRowBF16(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        dst[i] = bf16ToFloat(load<uint16_t>(src, i));
}

void dequantizeRowF64(const void* src, float* dst, int64_t n) {
    convertRow<double>(src, dst, n);
}
void dequantizeRowI8(const void* src, float* dst, int64_t n) {
    convertRow<int8_t>(src, dst, n);
}
void dequantizeRowI16(const void* src, float* dst, int64_t n) {
    convertRow<int16_t>(src, dst, n);
}
void dequantizeRowI32(const void* src, float* dst, int64_t n) {
    convertRow<int32_t>(src, dst, n);
}
void dequantizeRowI64(const void* src, float* dst, int64_t n) {
    convertRow<int64_t>(src, dst, n);
}

} // namespace realm
