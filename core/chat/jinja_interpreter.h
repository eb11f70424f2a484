#pragma once
// Renders a parsed template: scopes, loops, macros and the globals Hugging Face gives
// chat templates. Work is bounded (steps, output size, macro depth) so hostile
// templates end with an error instead of hanging.
#include "chat/jinja_ast.h"

#include <string>
#include <unordered_map>

namespace realm::jinja {

struct RenderLimits {
    uint64_t maxSteps = 5'000'000; // a chat template needs a few thousand
    size_t maxOutputBytes = size_t(64) << 20;
    int maxCallDepth = 64;
};

struct RenderOptions {
    RenderLimits limits;
    // strftime_now() renders this time ("YYYY-MM-DDTHH:MM:SS"); empty: the local clock.
    std::string now;
};

// `variables`: the render context (messages, add_generation_prompt, bos_token, ...).
// Throws JinjaError with the template position of the failing construct.
std::string render(const Template& tpl, const Dict& variables, const RenderOptions& options);

} // namespace realm::jinja
