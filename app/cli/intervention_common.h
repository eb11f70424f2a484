#pragma once
// Shared option handling of the intervention commands (activations, ablate, patch, cvector).
#include "command.h"
#include "engine_common.h"

#include "runtime/control_vector.h"
#include "runtime/forward_hook.h"

#include <memory>

#include <string>
#include <vector>

namespace realm::cli {

// "A:B" → layers A…B−1, "A" → A alone, "A:" → A to the last; every layer when spec is
// empty. A layer the model does not have → realm::Error (one line, exit 1).
struct LayerRange {
    int64_t first = 0, last = 0; // inclusive
};
LayerRange parseLayerRange(const std::string& spec, int64_t nLayer);

// "a,b,c" → {"a", "b", "c"}; an empty item → UsageError.
std::vector<std::string> splitList(const std::string& text);

// "residual,attn_out" → sites; an unknown name → UsageError listing the known ones.
std::vector<HookSite> parseSites(const std::string& spec);

// The steering options of generate and chat: --control-vector FILE[:STRENGTH] (llama.cpp's
// --control-vector-scaled format; strength 1 without one) and --control-vector-layers A:B.
std::vector<std::string> withSteeringOptions(std::vector<std::string> valued);
// nullptr when --control-vector is not given; install it on the session.
std::unique_ptr<Steering> steeringFromArgs(const Args& args, const HParams& hp);
// Their help lines, a literal to append to a command's usage.
#define REALM_STEERING_USAGE                                                                                 \
    "  --control-vector FILE[:S]    add S (default 1) times a llama.cpp control vector to each layer's\n"    \
    "                               output, as llama.cpp's --control-vector-scaled FILE:S\n"                 \
    "  --control-vector-layers A:B  only in layers A…B-1 (default: every layer)\n"

// The prompt's token pieces (empty strings without a tokenizer).
std::vector<std::string> tokenPieces(const PromptInput& in);

} // namespace realm::cli
