#pragma once
#include "runtime/session_options.h"

#include <cstdint>
#include <memory>

namespace realm {

// K and V for every layer: per layer [contextLength × nHeadKv × headDim], f16 or f32.
// Slot = position, so a head's key at position p is headDim contiguous values.
class KvCache {
  public:
    void allocate(int64_t layers, int64_t contextLength, int64_t kvDim, KvType type);
    KvType type() const { return type_; }
    int64_t kvDim() const { return kvDim_; }
    uint64_t bytes() const { return 2 * bytes_; }
    uint64_t bytesPerPosition() const { return static_cast<uint64_t>(2 * layers_ * kvDim_ * elemBytes()); }

    // Stores n rows of kvDim values at positions first…first+n-1.
    void store(int64_t layer, int64_t first, int64_t n, const float* k, const float* v);
    // Raw rows: element (pos, i) at keyRow(layer, pos)[i] in type().
    const void* keyRow(int64_t layer, int64_t pos) const { return k_.get() + offset(layer, pos); }
    const void* valueRow(int64_t layer, int64_t pos) const { return v_.get() + offset(layer, pos); }

  private:
    int64_t elemBytes() const { return type_ == KvType::F16 ? 2 : 4; }
    size_t offset(int64_t layer, int64_t pos) const {
        return static_cast<size_t>(((layer * ctx_) + pos) * kvDim_ * elemBytes());
    }
    KvType type_ = KvType::F16;
    int64_t layers_ = 0, ctx_ = 0, kvDim_ = 0;
    uint64_t bytes_ = 0;
    // Uninitialised on purpose: only pages that hold tokens become resident.
    std::unique_ptr<uint8_t[]> k_, v_;
};

} // namespace realm
