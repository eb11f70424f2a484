#pragma once
// What a model needs to format a chat: its Jinja template and the texts of its BOS/EOS tokens.
#include <string>

namespace realm {

class GgufFile;

struct ChatFormat {
    std::string templateSource;
    bool builtinFallback = false; // the file has no tokenizer.chat_template; a built-in one is used
    std::string fallbackName;     // "zephyr" or "chatml" when builtinFallback
    std::string bosToken;         // text of tokenizer.ggml.bos_token_id, empty when absent
    std::string eosToken;
};

// Built-in templates used when a GGUF carries none.
const std::string& chatmlTemplate();
const std::string& zephyrTemplate();

// Reads tokenizer.chat_template and the BOS/EOS token texts (tokenizer.ggml.tokens at
// tokenizer.ggml.bos_token_id / eos_token_id). A template that is present but empty
// counts as absent. Throws realm::Error if a token id points outside the vocabulary.
ChatFormat chatFormatFor(const GgufFile& file);

} // namespace realm
