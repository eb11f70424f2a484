#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace realm {

// ggml tensor type ids as stored in GGUF tensor infos.
enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
};

// n is a multiple of the type's block size.
using DequantizeRowFn = void (*)(const void* src, float* dst, int64_t n);
using QuantizeRowFn = void (*)(const float* src, void* dst, int64_t n);

// The one place that knows each ggml type.
struct TypeTraits {
    GgmlType type;
    const char* name;   // ggml's name, e.g. "Q4_K"
    int64_t blockSize;  // elements per block
    int64_t blockBytes; // bytes per block
    bool quantized;
    int scaleOffset;            // byte offset of the block's fp16 scale `d`; -1: none (or not one fp16)
    DequantizeRowFn dequantize; // nullptr: cannot be converted to f32
    QuantizeRowFn quantize;     // nullptr: we do not write this type
};

// nullptr for an id no GGUF file may hold.
const TypeTraits* findTypeTraits(uint32_t id);
const TypeTraits& typeTraits(GgmlType type);
std::optional<GgmlType> typeFromName(std::string_view name); // case-insensitive
inline const char* typeName(GgmlType type) {
    return typeTraits(type).name;
}

// Bytes of a row of n elements (n must be a multiple of the block size).
int64_t rowBytes(GgmlType type, int64_t n);

// Dequantize `rows` consecutive rows of `rowLength` elements. Throws realm::Error
// for types without a dequantizer.
void dequantizeRows(GgmlType type, const void* src, float* dst, int64_t rowLength, int64_t rows);

// Quantize rows of f32 to `type`. Throws realm::Error for types we do not write.
void quantizeRows(GgmlType type, const float* src, void* dst, int64_t rowLength, int64_t rows);

} // namespace realm
