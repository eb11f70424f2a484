// The one dispatch point: which kernel multiplies each weight type on this CPU.
#include "compute/dot_kernels.h"

#include "compute/cpu_features.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace realm {

namespace {
const DotKernel* f32Kernel() {
    static const DotKernel* k = dotKernel(GgmlType::F32);
    return k;
}

// Types without an integer kernel: dequantize the row once (thread-local scratch, reused
// across calls), then f32 dot products with every token of the batch.
template <GgmlType T>
void dequantizedDot(int64_t n, const void* w, const void* x, size_t xStride, float* out, int nx) {
    thread_local std::vector<float> row;
    if (static_cast<int64_t>(row.size()) < n) row.resize(static_cast<size_t>(n));
    dequantizeRows(T, w, row.data(), n, 1);
    f32Kernel()->vecDot(n, row.data(), x, xStride, out, 1);
    for (int t = 1; t < nx; ++t)
        f32Kernel()->vecDot(n, row.data(), static_cast<const uint8_t*>(x) + t * xStride, xStride, out + t, 1);
}

constexpr std::array kDequantizedFallback = {
    DotKernel{GgmlType::IQ2_XXS, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ2_XXS>, Isa::Scalar},
    DotKernel{GgmlType::IQ2_XS, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ2_XS>, Isa::Scalar},
    DotKernel{GgmlType::IQ2_S, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ2_S>, Isa::Scalar},
    DotKernel{GgmlType::IQ3_XXS, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ3_XXS>, Isa::Scalar},
    DotKernel{GgmlType::IQ3_S, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ3_S>, Isa::Scalar},
    DotKernel{GgmlType::IQ1_S, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ1_S>, Isa::Scalar},
    DotKernel{GgmlType::IQ1_M, GgmlType::F32, nullptr, dequantizedDot<GgmlType::IQ1_M>, Isa::Scalar},
    DotKernel{GgmlType::TQ1_0, GgmlType::F32, nullptr, dequantizedDot<GgmlType::TQ1_0>, Isa::Scalar},
    DotKernel{GgmlType::TQ2_0, GgmlType::F32, nullptr, dequantizedDot<GgmlType::TQ2_0>, Isa::Scalar},
    DotKernel{GgmlType::MXFP4, GgmlType::F32, nullptr, dequantizedDot<GgmlType::MXFP4>, Isa::Scalar},
    DotKernel{GgmlType::NVFP4, GgmlType::F32, nullptr, dequantizedDot<GgmlType::NVFP4>, Isa::Scalar},
    DotKernel{GgmlType::Q8_K, GgmlType::F32, nullptr, dequantizedDot<GgmlType::Q8_K>, Isa::Scalar},
};

const DotKernel* chooseKernel(GgmlType type) {
    // Down the ladder from the best supported set: every set runs the kernels below it.
    for (int isa = static_cast<int>(detectedIsa()); isa >= 0; --isa)
        if (const DotKernel* k = dotKernelFor(type, static_cast<Isa>(isa))) return k;
    const TypeTraits* traits = findTypeTraits(static_cast<uint32_t>(type));
    if (!traits || !traits->dequantize) return nullptr;
    for (const auto& k : kDequantizedFallback)
        if (k.weightType == type) return &k;
    return nullptr;
}
} // namespace

const char* isaName(Isa isa) {
    switch (isa) {
    case Isa::Scalar:
        return "scalar";
    case Isa::Avx2:
        return "avx2";
    case Isa::Avx512:
        return "avx512-vnni";
    }
    return "?";
}

bool cpuSupports(Isa isa) {
    switch (isa) {
    case Isa::Scalar:
        return true;
    case Isa::Avx2:
        return cpuHasAvx2();
    case Isa::Avx512:
        return cpuHasAvx512Vnni();
    }
    return false;
}

Isa detectedIsa() {
    static const Isa isa = [] {
        Isa best = cpuSupports(Isa::Avx512) ? Isa::Avx512 : cpuSupports(Isa::Avx2) ? Isa::Avx2 : Isa::Scalar;
        // REALM_MAX_ISA=avx2 (or scalar) caps the choice: to compare sets on one machine.
        if (const char* cap = std::getenv("REALM_MAX_ISA"))
            for (Isa lower : {Isa::Scalar, Isa::Avx2})
                if (std::strcmp(cap, isaName(lower)) == 0 && lower < best) best = lower;
        return best;
    }();
    return isa;
}

const DotKernel* dotKernelFor(GgmlType type, Isa isa) {
    switch (isa) {
    case Isa::Scalar:
        return kernels::scalarKernel(type);
    case Isa::Avx2:
        return kernels::avx2Kernel(type);
    case Isa::Avx512:
        return kernels::avx512Kernel(type);
    }
    return nullptr;
}

const DotKernel* dotKernel(GgmlType type) {
    // Resolved on first use per type; the table is indexed by the ggml type id.
    static const auto table = [] {
        std::array<const DotKernel*, 64> t{};
        for (uint32_t id = 0; id < t.size(); ++id)
            if (findTypeTraits(id)) t[id] = chooseKernel(static_cast<GgmlType>(id));
        return t;
    }();
    const auto id = static_cast<uint32_t>(type);
    return id < table.size() ? table[id] : nullptr;
}

} // namespace realm
