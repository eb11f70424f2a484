#pragma once
#include "runtime/control_vector.h"

#include <cstdint>
#include <vector>

namespace realm {

class Session;

struct PromptPair {
    std::vector<int32_t> positive, negative;
};

// llama.cpp's llama-cvector-generator --method mean: each pair is padded to one length with
// `padToken` (llama.cpp's: the last token of " "), both prompts run from an empty cache, and
// for every layer but the last the rows of (positive − negative) residual — every position,
// leaving out rows with no value above 1e-6, as llama.cpp does — are averaged over all pairs
// and scaled to unit length: direction.<layer + 1>, as llama.cpp files it.
ControlVector makeControlVector(Session& session, const std::vector<PromptPair>& pairs, int32_t padToken);

} // namespace realm
