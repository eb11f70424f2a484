#pragma once
// The level searches ggml's quantizers share (internal to core/quant).
#include <cstdint>
#include <cstring>

namespace realm::quant_search {

inline constexpr float kGroupMaxEps = 1e-15f;

// Round to nearest (ties to even) via the 1.5·2^23 trick, like ggml's nearest_int.
inline int nearestInt(float f) {
    const float v = f + 12582912.f;
    int i;
    std::memcpy(&i, &v, sizeof i);
    return (i & 0x007fffff) - 0x00400000;
}

// The value of largest magnitude with its sign (the first on ties), 0 for an all-zero group.
inline float signedMaxMagnitude(const float* x, int n) {
    float max = 0, amax = 0;
    for (int i = 0; i < n; ++i) {
        const float ax = x[i] < 0 ? -x[i] : x[i];
        if (ax > amax) {
            amax = ax;
            max = x[i];
        }
    }
    return max;
}

// Symmetric levels -nmax..nmax-1 minimising the weighted squared error (weights: nullptr means
// x², ggml's rmse_type 1): tries 19 scales around -nmax/max. Returns the scale; L gets
// levels + nmax.
float makeQxQuants(int n, int nmax, const float* x, int8_t* L, const float* weights = nullptr);

// Asymmetric levels 0..nmax with a minimum (≤ 0) minimising the weighted squared (useMad: absolute)
// error: nstep+1 scales from (nmax + rmin)/(max − min) in steps of rdelta, each with its
// least-squares scale and minimum. Returns the scale, theMin gets −min (≥ 0). Also ggml's
// make_qkx3_quants when weights are given (the two differ only without them).
float makeQkx2Quants(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* theMin,
                     uint8_t* Laux, float rmin, float rdelta, int nstep, bool useMad);

// Non-negative levels 0..nmax for values ≥ 0 (K-quant sub-block scales and mins) minimising the
// weighted squared error: 9 trial scales, then up to 5 sweeps moving single levels. Returns the
// scale; ggml's make_qp_quants.
float makeQpQuants(int n, int nmax, const float* x, uint8_t* L, const float* weights);

} // namespace realm::quant_search
