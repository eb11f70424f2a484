#pragma once
#include <bit>
#include <cstdint>

// Scalar float formats of GGUF tensors and block scales. Inline: the dequantizers
// call them once per value or block.
namespace realm {

// IEEE binary16 -> binary32, exact for every input (subnormals, Inf, NaN payloads).
// Branch-free so loops over halves vectorise: normals are rebiased by a multiply,
// subnormals are built as (0.5 + m·2^-24)·... via the magic-number subtraction.
inline float halfToFloat(uint16_t h) {
    const uint32_t w = static_cast<uint32_t>(h) << 16;
    const uint32_t sign = w & 0x80000000u;
    const uint32_t twoW = w + w;
    const float normalized = std::bit_cast<float>((twoW >> 4) + (0xE0u << 23)) * 0x1.0p-112f;
    const float denormalized = std::bit_cast<float>((twoW >> 17) | (126u << 23)) - 0.5f;
    const uint32_t bits =
        twoW < (1u << 27) ? std::bit_cast<uint32_t>(denormalized) : std::bit_cast<uint32_t>(normalized);
    return std::bit_cast<float>(sign | bits);
}

// binary32 -> binary16, round to nearest even (like F16C and ggml); NaN -> quiet NaN.
uint16_t floatToHalf(float f);

inline float bf16ToFloat(uint16_t b) {
    return std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
}

// Round to nearest even, NaN forced quiet: ggml's fp32 -> bf16.
inline uint16_t floatToBf16(float f) {
    const uint32_t u = std::bit_cast<uint32_t>(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 64);
    return static_cast<uint16_t>((u + (0x7fffu + ((u >> 16) & 1u))) >> 16);
}

// Half of the E8M0 scale 2^(e-127) (MXFP4 stores doubled E2M1 values).
inline float e8m0HalfToFloat(uint8_t e) {
    const uint32_t bits = e < 2 ? (0x00200000u << e) : (static_cast<uint32_t>(e - 1) << 23);
    return std::bit_cast<float>(bits);
}

// Half of an unsigned E4M3 scale (NVFP4; bias 7, top bit ignored, 0x7F treated as 0).
inline float ue4m3HalfToFloat(uint8_t x) {
    if (x == 0 || x == 0x7F) return 0.0f;
    const int exp = (x >> 3) & 0xF, man = x & 0x7;
    // Both branches are exact in binary32, so any evaluation order gives ggml's value.
    const float raw = exp == 0 ? static_cast<float>(man) * 0x1.0p-9f
                               : (1.0f + static_cast<float>(man) / 8.0f) *
                                     std::bit_cast<float>(static_cast<uint32_t>(exp - 7 + 127) << 23);
    return raw * 0.5f;
}

} // namespace realm
