#pragma once
#include "quant/ggml_type.h"

#include <cstddef>
#include <cstdint>

// Row-by-activation dot products on weights as stored, like ggml's type-traits vec_dot:
// each weight type names the format its activations are converted to once per matmul
// (F32, Q8_0, Q8_1 or Q8_K) and an integer (or f32) block dot product against it.
namespace realm {

// Convert n activations (a multiple of the activation block size) to `actType`.
using QuantizeActFn = void (*)(const float* x, void* dst, int64_t n);

// out[i] = W_row · act_i for i < nx, where act_i starts at x + i * xStride bytes and the
// row has n elements. Kernels may share the unpacking of the row between the nx tokens.
using VecDotFn = void (*)(int64_t n, const void* w, const void* x, size_t xStride, float* out, int nx);

// out[r] = W_r · act for r < nRows, where row r starts at w + r * wStride bytes: one token
// against several rows, which share the activation loads and the unpacking of their block
// scales (decoding, where one row at a time leaves the core short of memory's pace).
using RowsDotFn = void (*)(int64_t n, const void* w, size_t wStride, const void* x, float* out,
                           int64_t nRows);

// out[r] = W_r · act and out[apart + r] = W_{apart + r} · act for r < nRows: two rows far
// apart per pass, sharing each activation load. Decoding shares a matrix out in such pairs, so
// each thread reads two streams of rows: on a 2-core Zen 5 the 8B file's Q4_K and Q6_K matrices
// read 79-89 % as fast as a plain read one row at a time and 85-100 % in pairs; most of all FFN
// down's 14336-column rows, whose 14 KB of int8 activations crowd a core's L1 next to one stream.
using RowPairsDotFn = void (*)(int64_t n, const void* w, size_t wStride, int64_t apart, const void* x,
                               float* out, int64_t nRows);

// Instruction sets with kernels, each a superset of the one before. An AVX-512 machine
// runs the AVX2 kernel of a type that has no AVX-512 one.
enum class Isa { Scalar, Avx2, Avx512 };
const char* isaName(Isa isa);

// Whether this CPU (and OS) can run `isa`'s kernels.
bool cpuSupports(Isa isa);

struct DotKernel {
    GgmlType weightType;
    GgmlType actType;          // F32 (x used as is), Q8_0, Q8_1 or Q8_K
    QuantizeActFn quantizeAct; // nullptr when actType is F32
    VecDotFn vecDot;
    Isa isa;
    RowsDotFn rowsDot = nullptr;         // one token against many rows; nullptr: vecDot row by row
    RowPairsDotFn rowPairsDot = nullptr; // one token against pairs of rows; nullptr: none
};

// The best instruction set this CPU supports among the ones we have kernels for.
Isa detectedIsa();

// The kernel matmul uses for `type` on this CPU (the one dispatch point), or nullptr if
// the type cannot be multiplied (no integer kernel and no dequantizer).
const DotKernel* dotKernel(GgmlType type);

// One instruction set's own kernel, nullptr if that set has none for `type` (tests
// cross-check these against the scalar ones). Does not check that the CPU supports it.
const DotKernel* dotKernelFor(GgmlType type, Isa isa);

namespace kernels {
// Per-ISA tables; nullptr where an ISA has no kernel.
const DotKernel* scalarKernel(GgmlType type);
const DotKernel* avx2Kernel(GgmlType type);
const DotKernel* avx512Kernel(GgmlType type);
} // namespace kernels

} // namespace realm
