#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace realm {

// A 64-byte aligned buffer grown as needed and reused: kept thread_local per purpose, so
// the matmul path allocates nothing per token.
struct Scratch {
    std::unique_ptr<uint8_t[]> buffer;
    size_t capacity = 0;
    uint8_t* get(size_t bytes) {
        if (bytes > capacity) {
            capacity = std::max(bytes, capacity * 2);
            buffer.reset(new uint8_t[capacity + 64]);
        }
        const auto p = reinterpret_cast<uintptr_t>(buffer.get());
        return reinterpret_cast<uint8_t*>((p + 63) & ~uintptr_t{63});
    }
};

} // namespace realm
