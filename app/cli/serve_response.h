#pragma once
// realm-cli serve: the OpenAI response bodies (whole replies and streamed chunks) and the
// per-token log-probabilities they carry.
#include "serve_request.h"

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace realm::cli {

// Who is answering: the same in every chunk of one reply.
struct ReplyHeader {
    Endpoint endpoint;
    std::string id; // "chatcmpl-…" / "cmpl-…"
    std::string model;
    int64_t created; // Unix seconds
};

const char* finishReason(StopReason reason);
nlohmann::json usage(const GenerationStats& stats);

// The logprobs object of a choice from what generate() kept (settings.alternatives, at least 1):
// chat {"content": [...]}, completions {"tokens", "token_logprobs", "top_logprobs", "text_offset"},
// with `top` alternatives per token; textOffset is where the first of `tokens` starts in the reply.
nlohmann::json logprobsJson(Endpoint endpoint, std::span<const TokenProbabilities> tokens, int top,
                            const Tokenizer& tokenizer, size_t textOffset);

// One streamed chunk; finish is null until the last one. Chat's first chunk carries the role.
nlohmann::json streamChunk(const ReplyHeader& header, const std::string& text, const nlohmann::json& logprobs,
                           const char* finish, bool first);
nlohmann::json usageChunk(const ReplyHeader& header, const GenerationStats& stats);
nlohmann::json fullReply(const ReplyHeader& header, const GenerationResult& result,
                         const nlohmann::json& logprobs);

} // namespace realm::cli
