#pragma once
#include "model/architecture.h"

#include <cstdint>

// Element-wise pieces of the forward pass, written as plain loops the compiler vectorises.
namespace realm::ops {

// out[t] = x[t] / sqrt(mean(x[t]²) + eps) · w for nRows rows of n values (out may be x).
void rmsNorm(const float* x, const float* w, float* out, int64_t nRows, int64_t n, float eps);
// x[t] += b for nRows rows of n values.
void addBias(float* x, const float* b, int64_t nRows, int64_t n);
// gate = silu(gate) ⊙ up, n values.
void siluMul(float* gate, const float* up, int64_t n);
void add(float* y, const float* x, int64_t n); // y += x

// Rotates the first nRot dims of each of nHeads heads (headDim apart) of one token at
// position pos. cosSin holds nRot/2 (cos, sin) pairs for that position.
void rope(float* x, int64_t nHeads, int64_t headDim, int64_t nRot, const float* cosSin, RopeLayout layout);
// cosSin for one position: angle_i = pos·freqScale·base^(-2i/nRot), i < nRot/2.
void ropeAngles(float* cosSin, int64_t pos, int64_t nRot, double freqBase, double freqScale);

} // namespace realm::ops
