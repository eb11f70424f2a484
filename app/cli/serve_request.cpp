#include "serve_request.h"

#include "chat/chat_template.h"
#include "runtime/chat_session.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <cmath>
#include <random>

namespace realm::cli {

ApiError::ApiError(int status, const std::string& message, std::string param, std::string code)
    : std::runtime_error(message), status_(status), param_(std::move(param)), code_(std::move(code)) {}

nlohmann::json ApiError::body() const {
    const char* type = status_ == 401   ? "authentication_error"
                       : status_ == 503 ? "server_overloaded"
                       : status_ >= 500 ? "server_error"
                                        : "invalid_request_error";
    nlohmann::json error = {{"message", what()}, {"type", type}, {"param", nullptr}, {"code", nullptr}};
    if (!param_.empty()) error["param"] = param_;
    if (!code_.empty()) error["code"] = code_;
    return {{"error", error}};
}

namespace {
using json = nlohmann::json;

[[noreturn]] void invalid(const std::string& field, const std::string& message, const char* code = nullptr) {
    throw ApiError(400, "'" + field + "' " + message, field, code ? code : "");
}

[[noreturn]] void wrongType(const std::string& field, const char* wanted, const json& value) {
    invalid(field, std::string("must be ") + wanted + ", got " + value.type_name(), "invalid_type");
}

// The field's value, or nullptr when it is absent or null (OpenAI treats both as "not given").
const json* find(const json& body, const char* name) {
    const auto it = body.find(name);
    return it == body.end() || it->is_null() ? nullptr : &*it;
}

double number(const json& body, const char* name, double fallback, double lo, double hi) {
    const json* v = find(body, name);
    if (!v) return fallback;
    if (!v->is_number()) wrongType(name, "a number", *v);
    const double d = v->get<double>();
    if (!(d >= lo && d <= hi))
        invalid(name,
                "must be between " + json(lo).dump() + " and " + json(hi).dump() + ", got " + v->dump());
    return d;
}

int64_t integer(const json& body, const char* name, int64_t fallback, int64_t lo, int64_t hi) {
    const json* v = find(body, name);
    if (!v) return fallback;
    if (!v->is_number_integer() &&
        !(v->is_number_float() && std::nearbyint(v->get<double>()) == v->get<double>()))
        wrongType(name, "an integer", *v);
    if (v->is_number_float() && std::fabs(v->get<double>()) > 9e15) invalid(name, "is out of range");
    const int64_t i = v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX
                      : v->is_number_float() ? static_cast<int64_t>(v->get<double>())
                                             : v->get<int64_t>();
    if (i < lo || i > hi)
        invalid(name, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                          v->dump());
    return i;
}

bool boolean(const json& body, const char* name, bool fallback) {
    const json* v = find(body, name);
    if (!v) return fallback;
    if (!v->is_boolean()) wrongType(name, "a boolean", *v);
    return v->get<bool>();
}

// Options we do not implement are refused unless they ask for what we do anyway.
void requireDefault(const json& body, const char* name, const json& onlyValue) {
    const json* v = find(body, name);
    if (v && *v != onlyValue)
        invalid(name, "is not supported by realm-cli serve (only " + onlyValue.dump() + ")",
                "unsupported_parameter");
}

std::vector<std::string> stopStrings(const json& body) {
    const json* v = find(body, "stop");
    if (!v) return {};
    std::vector<std::string> stops;
    if (v->is_string()) {
        stops.push_back(v->get<std::string>());
    } else if (v->is_array()) {
        if (v->size() > 4) invalid("stop", "takes at most 4 sequences, got " + std::to_string(v->size()));
        for (const json& s : *v) {
            if (!s.is_string()) wrongType("stop", "a string or an array of strings", *v);
            stops.push_back(s.get<std::string>());
        }
    } else {
        wrongType("stop", "a string or an array of strings", *v);
    }
    std::erase(stops, std::string()); // an empty stop sequence would end every reply at once
    return stops;
}

std::string textContent(const json& message, size_t index) {
    const std::string field = "messages[" + std::to_string(index) + "].content";
    const json* content = find(message, "content");
    if (!content) return {};
    if (content->is_string()) return content->get<std::string>();
    if (!content->is_array()) wrongType(field, "a string or an array of content parts", *content);
    std::string text;
    for (const json& part : *content) {
        if (!part.is_object() || part.value("type", json()) != "text" || !part.contains("text") ||
            !part["text"].is_string())
            invalid(field, "may only hold text parts ({\"type\": \"text\", \"text\": ...})",
                    "unsupported_content");
        text += part["text"].get<std::string>();
    }
    return text;
}

std::vector<int32_t> chatPrompt(const json& body, const PromptFormat& format) {
    const json* messages = find(body, "messages");
    if (!messages) invalid("messages", "is required", "missing_required_parameter");
    if (!messages->is_array()) wrongType("messages", "an array", *messages);
    if (messages->empty()) invalid("messages", "must not be empty");
    nlohmann::ordered_json rendered = nlohmann::ordered_json::array();
    for (size_t i = 0; i < messages->size(); ++i) {
        const json& m = (*messages)[i];
        const std::string at = "messages[" + std::to_string(i) + "]";
        if (!m.is_object()) wrongType(at, "an object", m);
        const json* role = find(m, "role");
        if (!role || !role->is_string()) invalid(at + ".role", "must be a string");
        rendered.push_back({{"role", role->get<std::string>()}, {"content", textContent(m, i)}});
    }
    std::string text;
    try {
        text =
            renderChatTemplateJson(format.chatTemplate, rendered, chatTemplateOptions(format.tokenizer), {});
    } catch (const Error& e) {
        throw ApiError(400, std::string("the model's chat template refused the messages: ") + e.what(),
                       "messages");
    }
    return chatPromptTokens(format.tokenizer, text);
}

std::vector<int32_t> completionPrompt(const json& body, const PromptFormat& format) {
    const json* prompt = find(body, "prompt");
    if (!prompt) invalid("prompt", "is required", "missing_required_parameter");
    // One string, one string in an array, or one prompt given as token ids.
    const json* text =
        prompt->is_array() && prompt->size() == 1 && (*prompt)[0].is_string() ? &(*prompt)[0] : prompt;
    if (text->is_string()) return format.tokenizer.tokenize(text->get<std::string>(), true, false);
    if (!prompt->is_array()) wrongType("prompt", "a string or an array of token ids", *prompt);
    std::vector<int32_t> ids;
    for (const json& id : *prompt) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 ||
            id.get<int64_t>() >= format.tokenizer.vocabSize())
            invalid("prompt", "holds " + id.dump() + ", not a token id below " +
                                  std::to_string(format.tokenizer.vocabSize()) +
                                  " (only one prompt per request)");
        ids.push_back(id.get<int32_t>());
    }
    return ids;
}

SamplerSettings sampling(const json& body) {
    SamplerSettings s; // what the request leaves out keeps the engine's defaults
    s.temperature = static_cast<float>(number(body, "temperature", s.temperature, 0, 2));
    s.topP = static_cast<float>(number(body, "top_p", s.topP, 0, 1));
    s.topK = static_cast<int32_t>(integer(body, "top_k", s.topK, 0, INT32_MAX));
    s.minP = static_cast<float>(number(body, "min_p", s.minP, 0, 1));
    // Without a seed each request draws its own, as OpenAI's API does.
    const int64_t seed = integer(body, "seed", -1, INT64_MIN, INT64_MAX);
    s.seed = find(body, "seed") ? static_cast<uint64_t>(seed) : std::random_device()();
    return s;
}
} // namespace

ApiRequest parseApiRequest(Endpoint endpoint, const std::string& body, const PromptFormat& format) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::exception& e) {
        throw ApiError(400, std::string("the body is not valid JSON: ") + e.what(), {}, "invalid_json");
    }
    if (!j.is_object())
        throw ApiError(400, std::string("the body must be a JSON object, got ") + j.type_name());
    if (const json* model = find(j, "model"); model && !model->is_string())
        wrongType("model", "a string", *model);

    requireDefault(j, "n", 1);
    requireDefault(j, "frequency_penalty", 0);
    requireDefault(j, "presence_penalty", 0);
    if (const json* tools = find(j, "tools"); tools && !(tools->is_array() && tools->empty()))
        invalid("tools", "is not supported by realm-cli serve", "unsupported_parameter");
    if (const json* format = find(j, "response_format");
        format && (!format->is_object() || format->value("type", json()) != "text"))
        invalid("response_format", "is not supported by realm-cli serve (only {\"type\": \"text\"})",
                "unsupported_parameter");

    ApiRequest r;
    r.endpoint = endpoint;
    r.stream = boolean(j, "stream", false);
    if (const json* options = find(j, "stream_options")) {
        if (!options->is_object()) wrongType("stream_options", "an object", *options);
        r.includeUsage = boolean(*options, "include_usage", false);
    }
    r.settings.sampler = sampling(j);
    r.settings.stopStrings = stopStrings(j);
    r.settings.stopAtEndOfGeneration = !boolean(j, "ignore_eos", false); // llama.cpp's extension
    const int64_t maxTokens = integer(j, "max_tokens", format.contextLength, 0, INT32_MAX);
    r.settings.maxTokens = integer(j, "max_completion_tokens", maxTokens, 0, INT32_MAX);

    if (endpoint == Endpoint::ChatCompletions) {
        const bool logprobs = boolean(j, "logprobs", false);
        const int64_t top = integer(j, "top_logprobs", 0, 0, 20);
        if (find(j, "top_logprobs") && !logprobs) invalid("top_logprobs", "needs \"logprobs\": true");
        r.topLogprobs = logprobs ? static_cast<int>(top) : -1;
        r.prompt = chatPrompt(j, format);
    } else {
        requireDefault(j, "echo", false);
        requireDefault(j, "best_of", 1);
        requireDefault(j, "suffix", "");
        r.topLogprobs = find(j, "logprobs") ? static_cast<int>(integer(j, "logprobs", 0, 0, 20)) : -1;
        r.prompt = completionPrompt(j, format);
    }
    // generate() keeps the taken token's probability only along with at least one alternative.
    if (r.topLogprobs >= 0) r.settings.alternatives = static_cast<size_t>(std::max(r.topLogprobs, 1));
    if (r.prompt.empty())
        throw ApiError(400, "the prompt has no tokens",
                       endpoint == Endpoint::ChatCompletions ? "messages" : "prompt");
    if (static_cast<int64_t>(r.prompt.size()) >= format.contextLength)
        throw ApiError(400,
                       "this model's context holds " + std::to_string(format.contextLength) +
                           " tokens, the prompt has " + std::to_string(r.prompt.size()) +
                           " (at least one must be left for the reply)",
                       endpoint == Endpoint::ChatCompletions ? "messages" : "prompt",
                       "context_length_exceeded");
    return r;
}

} // namespace realm::cli
