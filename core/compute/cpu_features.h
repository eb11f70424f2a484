#pragma once

namespace realm {

// AVX2 + FMA + F16C, and the OS saves the YMM state: what the *_avx2.cpp kernels need.
// Read with cpuid directly (clang's __builtin_cpu_supports does not know "f16c").
bool cpuHasAvx2();

} // namespace realm
