#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Open-addressing hash tables for vocabulary lookups: one probe array, no node allocation,
// so building one for 150k tokens or merges costs a few milliseconds.
namespace realm {

inline uint64_t hashBytes(std::string_view s) {
    // FNV-1a, then a murmur finalizer so that the low bits are well mixed.
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

inline uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

// Text -> id over a vector of string views it does not own (they must outlive it).
class StringIdIndex {
  public:
    void build(const std::vector<std::string_view>& strings, int32_t* duplicateOf = nullptr,
               int32_t* duplicateId = nullptr) {
        strings_ = &strings;
        size_t cap = 16;
        while (cap < strings.size() * 2)
            cap <<= 1;
        slots_.assign(cap, Slot{-1, 0});
        mask_ = cap - 1;
        for (size_t i = 0; i < strings.size(); ++i) {
            const uint64_t h = hashBytes(strings[i]);
            size_t pos = h & mask_;
            for (; slots_[pos].id >= 0; pos = (pos + 1) & mask_) {
                if (slots_[pos].tag == static_cast<uint32_t>(h >> 32) &&
                    strings[static_cast<size_t>(slots_[pos].id)] == strings[i]) {
                    if (duplicateOf) *duplicateOf = slots_[pos].id, *duplicateId = static_cast<int32_t>(i);
                    return;
                }
            }
            slots_[pos] = {static_cast<int32_t>(i), static_cast<uint32_t>(h >> 32)};
        }
    }
    int32_t find(std::string_view s) const {
        if (slots_.empty()) return -1;
        const uint64_t h = hashBytes(s);
        for (size_t pos = h & mask_; slots_[pos].id >= 0; pos = (pos + 1) & mask_)
            if (slots_[pos].tag == static_cast<uint32_t>(h >> 32) &&
                (*strings_)[static_cast<size_t>(slots_[pos].id)] == s)
                return slots_[pos].id;
        return -1;
    }

  private:
    struct Slot {
        int32_t id;
        uint32_t tag; // high hash bits: most mismatches never touch the string
    };
    const std::vector<std::string_view>* strings_ = nullptr;
    std::vector<Slot> slots_;
    size_t mask_ = 0;
};

// (left id, right id) -> merge rank; the first insertion of a pair wins.
class PairRankMap {
  public:
    void reserve(size_t n) {
        size_t cap = 16;
        while (cap < n * 2)
            cap <<= 1;
        slots_.assign(cap, Slot{kEmpty, -1});
        mask_ = cap - 1;
        size_ = 0;
    }
    void insert(uint64_t key, int32_t rank) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        size_t pos = mix64(key) & mask_;
        for (; slots_[pos].key != kEmpty; pos = (pos + 1) & mask_)
            if (slots_[pos].key == key) return;
        slots_[pos] = {key, rank};
        ++size_;
    }
    int32_t find(uint64_t key) const {
        if (slots_.empty()) return -1;
        for (size_t pos = mix64(key) & mask_; slots_[pos].key != kEmpty; pos = (pos + 1) & mask_)
            if (slots_[pos].key == key) return slots_[pos].rank;
        return -1;
    }

  private:
    static constexpr uint64_t kEmpty = ~0ull; // ids are < 2^31, so never a real key
    struct Slot {
        uint64_t key;
        int32_t rank;
    };
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        reserve(old.size() + 8);
        for (const Slot& s : old)
            if (s.key != kEmpty) insert(s.key, s.rank);
    }
    std::vector<Slot> slots_;
    size_t mask_ = 0, size_ = 0;
};

} // namespace realm
