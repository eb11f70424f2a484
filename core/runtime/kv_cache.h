#pragma once
#include "runtime/session_options.h"

#include <cstdint>
#include <memory>

namespace realm {

// K and V for every layer, head by head: per layer [nHeadKv × contextLength × headDim], f16
// or f32. A head's keys are one contiguous run of positions (headDim values each), so the
// attention of a head streams them in order, which the hardware prefetchers follow; in the
// position-major layout a head's slice was a few cache lines out of every position's row.
class KvCache {
  public:
    void allocate(int64_t layers, int64_t contextLength, int64_t kvHeads, int64_t headDim, KvType type);
    // K + V bytes that allocate() takes for these sizes (bytes() afterwards).
    static uint64_t bytesFor(int64_t layers, int64_t contextLength, int64_t kvDim, KvType type) {
        return 2 * static_cast<uint64_t>(layers * contextLength * kvDim * elemBytes(type));
    }
    KvType type() const { return type_; }
    int64_t kvDim() const { return kvDim_; }
    int64_t headDim() const { return headDim_; }
    uint64_t bytes() const { return 2 * bytes_; }
    uint64_t bytesPerPosition() const { return static_cast<uint64_t>(2 * layers_ * kvDim_ * elemBytes()); }

    // Stores n rows of kvDim values (every head's, one after another) at positions first…first+n-1.
    void store(int64_t layer, int64_t first, int64_t n, const float* k, const float* v);
    // Raw values in type(): element i of head `head` at position pos + j is at
    // key(layer, head, pos)[j * headDim() + i].
    const void* key(int64_t layer, int64_t head, int64_t pos) const {
        return k_.get() + offset(layer, head, pos);
    }
    const void* value(int64_t layer, int64_t head, int64_t pos) const {
        return v_.get() + offset(layer, head, pos);
    }

  private:
    static int64_t elemBytes(KvType type) { return type == KvType::F16 ? 2 : 4; }
    int64_t elemBytes() const { return elemBytes(type_); }
    size_t offset(int64_t layer, int64_t head, int64_t pos) const {
        return static_cast<size_t>(((layer * heads_ + head) * ctx_ + pos) * headDim_ * elemBytes());
    }
    KvType type_ = KvType::F16;
    int64_t layers_ = 0, ctx_ = 0, heads_ = 0, headDim_ = 0, kvDim_ = 0;
    uint64_t bytes_ = 0;
    // Uninitialised on purpose: only pages that hold tokens become resident.
    std::unique_ptr<uint8_t[]> k_, v_;
};

} // namespace realm
