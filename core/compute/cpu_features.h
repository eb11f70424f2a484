#pragma once

namespace realm {

// AVX2 + FMA + F16C, and the OS saves the YMM state: what the *_avx2.cpp kernels need.
// Read with cpuid directly (clang's __builtin_cpu_supports does not know "f16c").
bool cpuHasAvx2();

// AVX-512 F/BW/VL/DQ/VNNI on top of cpuHasAvx2(), and the OS saves the ZMM state: what the
// *_avx512.cpp kernels need. (AMX is not used.)
bool cpuHasAvx512Vnni();

// AVX512-BF16 on top of cpuHasAvx512Vnni(): the BF16 prompt tiles' vdpbf16ps.
bool cpuHasAvx512Bf16();

} // namespace realm
