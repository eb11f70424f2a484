#include "chat/chat_format.h"
#include "gguf/gguf_file.h"
#include "util/error.h"

namespace realm {

const std::string& chatmlTemplate() {
    static const std::string t =
        "{% for message in messages %}"
        "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
        "{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";
    return t;
}

const std::string& zephyrTemplate() {
    static const std::string t = "{% for message in messages %}\n"
                                 "{% if message['role'] == 'user' %}\n"
                                 "{{ '<|user|>\n' + message['content'] + eos_token }}\n"
                                 "{% elif message['role'] == 'system' %}\n"
                                 "{{ '<|system|>\n' + message['content'] + eos_token }}\n"
                                 "{% elif message['role'] == 'assistant' %}\n"
                                 "{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n"
                                 "{% endif %}\n"
                                 "{% if loop.last and add_generation_prompt %}\n"
                                 "{{ '<|assistant|>' }}\n"
                                 "{% endif %}\n"
                                 "{% endfor %}";
    return t;
}

namespace {

std::string tokenText(const GgufFile& file, const char* idKey) {
    const GgufValue* id = file.find(idKey);
    const GgufValue* tokens = file.find("tokenizer.ggml.tokens");
    if (!id || !tokens || !tokens->isArray() || tokens->elementType() != GgufType::String || !id->isNumber())
        return {};
    int64_t i = id->toInt();
    if (i < 0 || static_cast<uint64_t>(i) >= tokens->size())
        throw Error(file.path() + ": " + idKey + " = " + std::to_string(i) +
                    " is outside the vocabulary of " + std::to_string(tokens->size()) + " tokens");
    return std::string(tokens->stringAt(static_cast<uint64_t>(i)));
}

} // namespace

ChatFormat chatFormatFor(const GgufFile& file) {
    ChatFormat f;
    f.bosToken = tokenText(file, "tokenizer.ggml.bos_token_id");
    f.eosToken = tokenText(file, "tokenizer.ggml.eos_token_id");
    f.templateSource = file.getString("tokenizer.chat_template");
    if (!f.templateSource.empty()) return f;
    f.builtinFallback = true;
    // llama-architecture files without a template are most often TinyLlama-style chat
    // fine-tunes, trained on the Zephyr format (<|user|> ... </s>); everything else gets
    // ChatML, the most widely trained generic format (and llama.cpp's default).
    if (file.architecture() == "llama") {
        f.fallbackName = "zephyr";
        f.templateSource = zephyrTemplate();
    } else {
        f.fallbackName = "chatml";
        f.templateSource = chatmlTemplate();
    }
    return f;
}

} // namespace realm
