#pragma once
// realm-cli serve: an OpenAI request body checked field by field and turned into what the
// engine runs (prompt tokens, generation settings, how to answer).
#include "runtime/generator.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace realm {
class Tokenizer;
}

namespace realm::cli {

// A refusal in OpenAI's error shape, {"error": {"message", "type", "param", "code"}}.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, const std::string& message, std::string param = {}, std::string code = {});
    int status() const { return status_; }
    nlohmann::json body() const;

  private:
    int status_;
    std::string param_, code_;
};

enum class Endpoint { ChatCompletions, Completions };

struct ApiRequest {
    Endpoint endpoint = Endpoint::Completions;
    std::vector<int32_t> prompt;
    GenerationSettings settings;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage: a last chunk with the usage
    int topLogprobs = -1;      // < 0: no logprobs; else the sampled token's and this many alternatives
};

// What a chat request's messages are rendered with.
struct PromptFormat {
    const Tokenizer& tokenizer;
    const std::string& chatTemplate;
    int64_t contextLength;
};

// Throws ApiError 400 naming the field: malformed JSON, a known field of the wrong type or
// out of range, an unsupported option, or a prompt that leaves no room in the context.
ApiRequest parseApiRequest(Endpoint endpoint, const std::string& body, const PromptFormat& format);

} // namespace realm::cli
