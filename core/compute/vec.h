#pragma once
#include <cstdint>

// Small vector kernels of the attention and the KV cache, picked at run time like the dot
// kernels (AVX-512 attention, AVX2+F16C+FMA, else portable code; REALM_MAX_ISA caps it). Halves are IEEE
// binary16 bit patterns.
namespace realm::vec {

float dot(const float* a, const float* b, int64_t n);
float dotHalf(const float* a, const uint16_t* b, int64_t n);
void axpy(float a, const float* x, float* y, int64_t n);        // y += a·x
void axpyHalf(float a, const uint16_t* x, float* y, int64_t n); // y += a·x
void toHalf(const float* src, uint16_t* dst, int64_t n);

// Attention of one token for the G query heads that share a KV head (G·D contiguous
// query values). Keys/values are nKeys rows `stride` elements apart, f16 when `half`.
// Each K/V row is loaded (and converted) once for all G heads, not once per head.
// scores[g·ld + j] = scale · q_g·k_j
void groupScores(const float* q, int64_t G, int64_t D, const void* k, int64_t stride, bool half,
                 int64_t nKeys, float scale, float* scores, int64_t ld);
// out[g·D + i] = Σ_j p[g·ld + j] · v_j[i] (out is overwritten)
void groupMix(const float* p, int64_t ld, int64_t G, int64_t D, const void* v, int64_t stride, bool half,
              int64_t nKeys, float* out);
// The whole attention of one token for the G query heads sharing a KV head:
// out[g·D + i] = Σ_j softmax_j(s_gj)·v_j[i], s_gj = scale·q_g·k_j (then softcap·tanh(s/softcap)
// when softcap > 0). scratch holds max(G, 8)·nKeys floats; what it holds after is unspecified.
void groupAttention(const float* q, int64_t G, int64_t D, const void* k, const void* v, int64_t stride,
                    bool half, int64_t nKeys, float scale, float softcap, float* scratch, float* out);
// In-place softmax of n values (max subtracted for stability).
void softmax(float* x, int64_t n);
// SwiGLU: gate[i] = silu(gate[i]) · up[i].
void siluMul(float* gate, const float* up, int64_t n);

struct Kernels {
    float (*dot)(const float*, const float*, int64_t);
    float (*dotHalf)(const float*, const uint16_t*, int64_t);
    void (*axpy)(float, const float*, float*, int64_t);
    void (*axpyHalf)(float, const uint16_t*, float*, int64_t);
    void (*toHalf)(const float*, uint16_t*, int64_t);
    void (*groupScores)(const float*, int64_t, int64_t, const void*, int64_t, bool, int64_t, float, float*,
                        int64_t);
    void (*groupMix)(const float*, int64_t, int64_t, int64_t, const void*, int64_t, bool, int64_t, float*);
    void (*softmax)(float*, int64_t);
    void (*siluMul)(float*, const float*, int64_t);
    void (*groupAttention)(const float*, int64_t, int64_t, const void*, const void*, int64_t, bool, int64_t,
                           float, float, float*, float*);
};
const Kernels& portableKernels();
const Kernels* avx2Kernels();   // nullptr when not compiled in
const Kernels* avx512Kernels(); // the AVX2 table with AVX-512 attention; nullptr when not compiled in
const Kernels& activeKernels();

// groupAttention as a table's groupScores, softmax and groupMix one after another, with the
// scores head by head in scratch (G·nKeys floats), which holds the probabilities after.
void groupAttentionComposed(const Kernels& kernels, const float* q, int64_t G, int64_t D, const void* k,
                            const void* v, int64_t stride, bool half, int64_t nKeys, float scale,
                            float softcap, float* scratch, float* out);

} // namespace realm::vec

namespace realm {
inline void floatsToHalves(const float* src, uint16_t* dst, int64_t n) {
    vec::toHalf(src, dst, n);
}
} // namespace realm
