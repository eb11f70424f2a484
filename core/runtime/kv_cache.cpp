#include "runtime/kv_cache.h"

#include "compute/vec.h"

#include <cstring>
#include <utility>

namespace realm {

void KvCache::allocate(int64_t layers, int64_t contextLength, int64_t kvHeads, int64_t headDim, KvType type) {
    type_ = type;
    layers_ = layers;
    ctx_ = contextLength;
    heads_ = kvHeads;
    headDim_ = headDim;
    kvDim_ = kvHeads * headDim;
    bytes_ = bytesFor(layers, contextLength, kvDim_, type) / 2;
    k_.reset(new uint8_t[bytes_]);
    v_.reset(new uint8_t[bytes_]);
}

void KvCache::store(int64_t layer, int64_t first, int64_t n, const float* k, const float* v) {
    // Each head's n positions are contiguous in the cache: one copy per head.
    for (int64_t h = 0; h < heads_; ++h)
        for (const auto& [src, dst] : {std::pair{k, k_.get()}, std::pair{v, v_.get()}}) {
            uint8_t* d = dst + offset(layer, h, first);
            for (int64_t t = 0; t < n; ++t) {
                const float* row = src + t * kvDim_ + h * headDim_;
                if (type_ == KvType::F32)
                    std::memcpy(d + t * headDim_ * 4, row, static_cast<size_t>(headDim_) * 4);
                else
                    floatsToHalves(row, reinterpret_cast<uint16_t*>(d) + t * headDim_, headDim_);
            }
        }
}

} // namespace realm
