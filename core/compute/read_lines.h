#pragma once
#include <cstddef>
#include <cstdint>

namespace realm::kernels {

// The sum of `lines` 64-byte lines from p as 64-bit words: a loop bound only by loads.
// Only called where the CPU has the instruction set (cpu_features.h).
uint64_t sumLinesAvx2(const uint8_t* p, size_t lines);
uint64_t sumLinesAvx512(const uint8_t* p, size_t lines);

} // namespace realm::kernels
