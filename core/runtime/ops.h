#pragma once
#include "model/architecture.h"
#include "model/hparams.h"

#include <cstdint>

// Element-wise pieces of the forward pass, written as plain loops the compiler vectorises.
namespace realm::ops {

// out[t] = x[t] / sqrt(mean(x[t]²) + eps) · w for nRows rows of n values (out may be x).
void rmsNorm(const float* x, const float* w, float* out, int64_t nRows, int64_t n, float eps);
// x[t] += b for nRows rows of n values.
void addBias(float* x, const float* b, int64_t nRows, int64_t n);
// gate = silu(gate) ⊙ up, n values.
void siluMul(float* gate, const float* up, int64_t n);
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) in float.
float geluTanh(float x);
// gate = gelu_tanh(gate) ⊙ up as ggml's CPU backend computes it: x rounded to f16, the result
// rounded to f16 (its lookup table); 0 for x ≤ −10, x for x ≥ 10.
void geluMul(float* gate, const float* up, int64_t n);
void gatedActivation(Activation act, float* gate, const float* up, int64_t n);
// x = cap · tanh(x / cap) (gemma2 soft-capping).
void softcap(float* x, int64_t n, float cap);
void scale(float* x, int64_t n, float s);
void add(float* y, const float* x, int64_t n); // y += x

// Rotates the first nRot dims of each of nHeads heads (headDim apart) of one token at
// position pos. cosSin holds nRot/2 (cos, sin) pairs for that position.
void rope(float* x, int64_t nHeads, int64_t headDim, int64_t nRot, const float* cosSin, RopeLayout layout);
// cosSin for one position: angle_i = pos·freqScale·base^(-2i/nRot), i < nRot/2.
void ropeAngles(float* cosSin, int64_t pos, int64_t nRot, double freqBase, double freqScale);
// The same with everything ggml_rope_ext applies: the base angle θ_i = pos·base^(-2i/nRot) is
// divided by factors[i] (llama3 rope_freqs, phi3 long/short; may be nullptr), YaRN mixes
// freqScale·θ with θ over its ramp, and cos/sin are multiplied by the magnitude.
void ropeAngles(float* cosSin, int64_t pos, int64_t nRot, const RopeParams& p, const float* factors);

} // namespace realm::ops
