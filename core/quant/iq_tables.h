#pragma once
#include <cstdint>

// Codebooks of the i-quant formats. Each grid entry packs 8 (uint64) or 4 (uint32)
// unsigned magnitudes, one per byte, lowest byte first; IQ1 grids hold int8 -1/0/+1.
namespace realm::iq {

extern const uint64_t kIq2xxsGrid[256];
extern const uint64_t kIq2xsGrid[512];
extern const uint64_t kIq2sGrid[1024];
extern const uint32_t kIq3xxsGrid[256];
extern const uint32_t kIq3sGrid[512];
extern const uint64_t kIq1sGrid[2048];

// Non-linear 4-bit levels of IQ4_NL / IQ4_XS.
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                            1,    13,   25,  38,  53,  69,  89,  113};
// E2M1 values doubled (MXFP4, NVFP4): the block scales carry the matching factor 1/2.
inline constexpr int8_t kFp4Values[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

// 7 stored sign bits + implied 8th bit making the count of negatives even.
inline constexpr uint8_t signsFromIndex(uint32_t i) {
    return static_cast<uint8_t>(i | ((__builtin_popcount(i) & 1u) << 7));
}

inline constexpr float kIq1Delta = 0.125f;

} // namespace realm::iq
