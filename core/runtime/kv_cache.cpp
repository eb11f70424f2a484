#include "runtime/kv_cache.h"

#include "compute/vec.h"

#include <cstring>

namespace realm {

void KvCache::allocate(int64_t layers, int64_t contextLength, int64_t kvDim, KvType type) {
    type_ = type;
    layers_ = layers;
    ctx_ = contextLength;
    kvDim_ = kvDim;
    bytes_ = static_cast<uint64_t>(layers * contextLength * kvDim * elemBytes());
    k_.reset(new uint8_t[bytes_]);
    v_.reset(new uint8_t[bytes_]);
}

void KvCache::store(int64_t layer, int64_t first, int64_t n, const float* k, const float* v) {
    const int64_t count = n * kvDim_;
    uint8_t* kd = k_.get() + offset(layer, first);
    uint8_t* vd = v_.get() + offset(layer, first);
    if (type_ == KvType::F32) {
        std::memcpy(kd, k, static_cast<size_t>(count) * 4);
        std::memcpy(vd, v, static_cast<size_t>(count) * 4);
    } else {
        floatsToHalves(k, reinterpret_cast<uint16_t*>(kd), count);
        floatsToHalves(v, reinterpret_cast<uint16_t*>(vd), count);
    }
}

} // namespace realm
