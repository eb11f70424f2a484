#include "serve_response.h"

#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <cmath>

namespace realm::cli {

using json = nlohmann::json;

const char* finishReason(StopReason reason) {
    return reason == StopReason::MaxTokens || reason == StopReason::ContextFull ? "length" : "stop";
}

json usage(const GenerationStats& stats) {
    return {{"prompt_tokens", stats.promptTokens},
            {"completion_tokens", stats.generatedTokens},
            {"total_tokens", stats.promptTokens + stats.generatedTokens}};
}

namespace {
json bytesOf(const std::string& s) {
    json bytes = json::array();
    for (unsigned char c : s)
        bytes.push_back(c);
    return bytes;
}

json header(const ReplyHeader& h, const char* object) {
    return {{"id", h.id}, {"object", object}, {"created", h.created}, {"model", h.model}};
}
} // namespace

json logprobsJson(Endpoint endpoint, std::span<const TokenProbabilities> tokens, int top,
                  const Tokenizer& tokenizer, size_t textOffset) {
    // OpenAI writes -9999 for a probability too small to have a logarithm.
    const auto logprob = [](float p) { return p > 0 ? std::log(static_cast<double>(p)) : -9999.0; };
    const size_t nTop = static_cast<size_t>(std::max(top, 0));
    if (endpoint == Endpoint::ChatCompletions) {
        json content = json::array();
        for (const TokenProbabilities& t : tokens) {
            json alternatives = json::array();
            for (size_t i = 0; i < std::min(nTop, t.top.size()); ++i) {
                const std::string piece = tokenizer.tokenToPiece(t.top[i].id);
                alternatives.push_back({{"token", piece},
                                        {"logprob", logprob(t.top[i].probability)},
                                        {"bytes", bytesOf(piece)}});
            }
            const std::string piece = tokenizer.tokenToPiece(t.id);
            content.push_back({{"token", piece},
                               {"logprob", logprob(t.probability)},
                               {"bytes", bytesOf(piece)},
                               {"top_logprobs", alternatives}});
        }
        return {{"content", content}};
    }
    json pieces = json::array(), logprobs = json::array(), tops = json::array(), offsets = json::array();
    for (const TokenProbabilities& t : tokens) {
        const std::string piece = tokenizer.tokenToPiece(t.id);
        pieces.push_back(piece);
        logprobs.push_back(logprob(t.probability));
        json alternatives = json::object();
        for (size_t i = 0; i < std::min(nTop, t.top.size()); ++i)
            alternatives[tokenizer.tokenToPiece(t.top[i].id)] = logprob(t.top[i].probability);
        tops.push_back(alternatives);
        offsets.push_back(textOffset);
        textOffset += piece.size();
    }
    return {
        {"tokens", pieces}, {"token_logprobs", logprobs}, {"top_logprobs", tops}, {"text_offset", offsets}};
}

json streamChunk(const ReplyHeader& h, const std::string& text, const json& logprobs, const char* finish,
                 bool first) {
    json choice = {{"index", 0}, {"logprobs", logprobs}, {"finish_reason", finish ? json(finish) : json()}};
    if (h.endpoint == Endpoint::Completions) {
        choice["text"] = text;
        json j = header(h, "text_completion");
        j["choices"] = json::array({choice});
        return j;
    }
    json delta = json::object();
    if (first) delta["role"] = "assistant";
    if (!text.empty() || first) delta["content"] = text;
    choice["delta"] = delta;
    json j = header(h, "chat.completion.chunk");
    j["choices"] = json::array({choice});
    return j;
}

json usageChunk(const ReplyHeader& h, const GenerationStats& stats) {
    json j = header(h, h.endpoint == Endpoint::Completions ? "text_completion" : "chat.completion.chunk");
    j["choices"] = json::array();
    j["usage"] = usage(stats);
    return j;
}

json fullReply(const ReplyHeader& h, const GenerationResult& result, const json& logprobs) {
    json choice = {
        {"index", 0}, {"logprobs", logprobs}, {"finish_reason", finishReason(result.stats.stopReason)}};
    json j;
    if (h.endpoint == Endpoint::Completions) {
        choice["text"] = result.text;
        j = header(h, "text_completion");
    } else {
        choice["message"] = {{"role", "assistant"}, {"content", result.text}};
        j = header(h, "chat.completion");
    }
    j["choices"] = json::array({choice});
    j["usage"] = usage(result.stats);
    return j;
}

} // namespace realm::cli
