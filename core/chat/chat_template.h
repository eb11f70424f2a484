#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace realm {

struct ChatMessage {
    std::string role; // "system", "user", "assistant", ...
    std::string content;
};

struct ChatTemplateOptions {
    bool addGenerationPrompt = true;
    std::string bosToken;
    std::string eosToken;
    // strftime_now() renders this time; empty means the real clock. Format "YYYY-MM-DDTHH:MM:SS".
    std::string now;
};

// Renders a Jinja chat template (tokenizer.chat_template) the way Hugging Face
// transformers does (trim_blocks, lstrip_blocks, loop controls, tojson, raise_exception,
// strftime_now). Throws realm::Error with the template line and reason on a syntax error
// or when the template raises.
std::string renderChatTemplate(const std::string& templateSource, const std::vector<ChatMessage>& messages,
                               const ChatTemplateOptions& options);

// The same with messages as JSON (a list of objects that may carry more than role and
// content, e.g. tool_calls), and `extraVariables` (a JSON object, may be null) added to
// the render context (tools, documents, enable_thinking, ...). ordered_json: templates
// see object keys in document order, as Python dicts keep them (tojson depends on it).
std::string renderChatTemplateJson(const std::string& templateSource, const nlohmann::ordered_json& messages,
                                   const ChatTemplateOptions& options,
                                   const nlohmann::ordered_json& extraVariables);

// Only parses: throws realm::Error naming the line and column of the first syntax error.
void checkChatTemplateSyntax(const std::string& templateSource);

} // namespace realm
