#include "chat/chat_template.h"
#include "chat/jinja_error.h"
#include "chat/jinja_interpreter.h"
#include "chat/jinja_parser.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace realm {

namespace {

jinja::Value fromJson(const nlohmann::ordered_json& j, int depth = 0) {
    if (depth > 256) throw Error("chat template variables: JSON nested too deeply");
    switch (j.type()) {
    case nlohmann::ordered_json::value_t::null:
        return jinja::Value::none();
    case nlohmann::ordered_json::value_t::boolean:
        return jinja::Value(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
        return jinja::Value(j.get<int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned: {
        uint64_t u = j.get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX)) return jinja::Value(static_cast<double>(u));
        return jinja::Value(static_cast<int64_t>(u));
    }
    case nlohmann::ordered_json::value_t::number_float:
        return jinja::Value(j.get<double>());
    case nlohmann::ordered_json::value_t::string:
        return jinja::Value(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
        jinja::List items;
        for (const auto& e : j)
            items.push_back(fromJson(e, depth + 1));
        return jinja::Value::list(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
        jinja::Dict d;
        for (auto it = j.begin(); it != j.end(); ++it)
            d.set(it.key(), fromJson(it.value(), depth + 1));
        return jinja::Value::dict(std::move(d));
    }
    default:
        throw Error("chat template variables: unsupported JSON value");
    }
}

std::string describe(const jinja::JinjaError& e) {
    std::string where = e.hasPosition()
                            ? "line " + std::to_string(e.line()) + ", column " + std::to_string(e.column())
                            : std::string("unknown position");
    if (e.raisedByTemplate) return "chat template raised an exception at " + where + ": " + e.reason();
    return "chat template error at " + where + ": " + e.reason();
}

std::string renderWith(const std::string& source, jinja::Value messages, const ChatTemplateOptions& options,
                       const nlohmann::ordered_json& extra) {
    try {
        auto tpl = jinja::parseTemplate(source);
        jinja::Dict vars;
        // What transformers passes: tools and documents explicitly None when absent.
        vars.set("tools", jinja::Value::none());
        vars.set("documents", jinja::Value::none());
        if (extra.is_object())
            for (auto it = extra.begin(); it != extra.end(); ++it)
                vars.set(it.key(), fromJson(it.value()));
        vars.set("messages", std::move(messages));
        vars.set("add_generation_prompt", jinja::Value(options.addGenerationPrompt));
        vars.set("bos_token", jinja::Value(options.bosToken));
        vars.set("eos_token", jinja::Value(options.eosToken));
        jinja::RenderOptions ro;
        ro.now = options.now;
        return jinja::render(*tpl, vars, ro);
    } catch (const jinja::JinjaError& e) {
        throw Error(describe(e));
    }
}

} // namespace

std::string renderChatTemplate(const std::string& templateSource, const std::vector<ChatMessage>& messages,
                               const ChatTemplateOptions& options) {
    jinja::List list;
    for (const auto& m : messages) {
        jinja::Dict d;
        d.set("role", jinja::Value(m.role));
        d.set("content", jinja::Value(m.content));
        list.push_back(jinja::Value::dict(std::move(d)));
    }
    return renderWith(templateSource, jinja::Value::list(std::move(list)), options, nlohmann::ordered_json());
}

std::string renderChatTemplateJson(const std::string& templateSource, const nlohmann::ordered_json& messages,
                                   const ChatTemplateOptions& options,
                                   const nlohmann::ordered_json& extraVariables) {
    if (!messages.is_array())
        throw Error("chat messages must be a JSON array of {\"role\", \"content\"} objects");
    return renderWith(templateSource, fromJson(messages), options, extraVariables);
}

void checkChatTemplateSyntax(const std::string& templateSource) {
    try {
        jinja::parseTemplate(templateSource);
    } catch (const jinja::JinjaError& e) {
        throw Error(describe(e));
    }
}

} // namespace realm
