// realm-cli template: renders a chat template for a conversation, byte for byte.
#include "command.h"

#include "chat/chat_format.h"
#include "chat/chat_template.h"
#include "gguf/gguf_file.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace realm::cli {

namespace {

std::string readFile(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(std::string("cannot open ") + what + " " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::ordered_json readJson(const std::string& path, const char* what) {
    std::string text = readFile(path, what);
    try {
        return nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not valid JSON (" + e.what() + ")");
    }
}

int runTemplate(const std::vector<std::string>& argv) {
    Args args(argv, {"--template", "--messages", "--bos-token", "--eos-token", "--now", "--vars"},
              {"--add-generation-prompt"});
    if (!args.has("--messages")) throw UsageError("--messages FILE.json is required");
    ChatTemplateOptions options;
    std::string source;
    if (args.has("--template")) {
        if (!args.positional().empty()) throw UsageError("give either MODEL or --template, not both");
        source = readFile(args.value("--template"), "template");
    } else {
        auto file = GgufFile::open(args.require(0, "MODEL"));
        ChatFormat format = chatFormatFor(*file);
        if (format.builtinFallback)
            std::fprintf(stderr, "note: %s has no tokenizer.chat_template; using the built-in %s template\n",
                         file->path().c_str(), format.fallbackName.c_str());
        source = format.templateSource;
        options.bosToken = format.bosToken;
        options.eosToken = format.eosToken;
    }
    if (args.has("--bos-token")) options.bosToken = args.value("--bos-token");
    if (args.has("--eos-token")) options.eosToken = args.value("--eos-token");
    options.addGenerationPrompt = args.has("--add-generation-prompt");
    options.now = args.value("--now");
    nlohmann::ordered_json messages = readJson(args.value("--messages"), "messages file");
    if (!messages.is_array()) throw Error(args.value("--messages") + ": expected a JSON array of messages");
    nlohmann::ordered_json vars;
    if (args.has("--vars")) {
        vars = readJson(args.value("--vars"), "variables file");
        if (!vars.is_object()) throw Error(args.value("--vars") + ": expected a JSON object");
    }
    std::string out = renderChatTemplateJson(source, messages, options, vars);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

RegisterCommand
    templ({"template", "Render a chat template for a conversation",
           "Usage: realm-cli template (MODEL | --template FILE.jinja) --messages FILE.json\n"
           "                          [--add-generation-prompt] [--bos-token S] [--eos-token S]\n"
           "                          [--now YYYY-MM-DDTHH:MM:SS] [--vars FILE.json]\n\n"
           "Prints the rendered prompt byte for byte (no newline added), rendered as Hugging Face\n"
           "transformers does (jinja2, trim_blocks, lstrip_blocks).\n"
           "  MODEL                    a GGUF: its tokenizer.chat_template (a built-in Zephyr or ChatML\n"
           "                           template when it has none) and its BOS/EOS token texts\n"
           "  --template FILE.jinja    the template text instead of a model\n"
           "  --messages FILE.json     [{\"role\": \"...\", \"content\": \"...\"}, ...]\n"
           "  --add-generation-prompt  end with the assistant turn header\n"
           "  --bos-token/--eos-token  override bos_token / eos_token\n"
           "  --now                    pin strftime_now() (default: the local clock)\n"
           "  --vars FILE.json         more template variables, e.g. {\"tools\": [...]}\n",
           runTemplate});

} // namespace

} // namespace realm::cli
