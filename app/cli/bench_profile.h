#pragma once
#include "compute/read_bandwidth.h"
#include "runtime/op_profile.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace realm {
class Model;
}

namespace realm::cli {

// The weights one decoded token reads, by the op kind that reads them (token_embd is not
// among them: only one row of it is read). Mixture-of-experts blocks read a varying part
// of their experts and are left out.
struct DecodeWeights {
    std::array<uint64_t, kOpKinds> bytes{};
    std::vector<ByteRange> ranges;
    uint64_t total() const;
};
DecodeWeights decodeWeights(const Model& model);

// The decode profile of `tokens` tokens that took `wallSeconds`: per kind, ms per token,
// share, and for the matrices GB/s of weights.
void printProfile(const OpProfile& profile, int64_t tokens, double wallSeconds, const DecodeWeights& weights);
nlohmann::json profileJson(const OpProfile& profile, int64_t tokens, double wallSeconds,
                           const DecodeWeights& weights);

} // namespace realm::cli
