#pragma once
#include "tokenizer/pcre2_regex.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace realm {

// What `tokenizer.ggml.pre` selects for byte-level BPE: the split regexes (applied one
// after another, each to every piece the previous one left, keeping the text between
// matches as pieces too) and llama.cpp's per-tokenizer flags.
struct PreTokenizerSpec {
    std::string name;
    std::vector<std::string> patterns;
    bool ignoreMerges = false; // a piece that is already a token is not merged (llama3)
    bool cleanSpaces = true;   // detokenize removes " ," " ." ... (clean_up_tokenization_spaces)
    bool forceAddBos = false;  // llama.cpp's default add_bos for this pre-tokenizer
    bool noBos = false;        // this pre-tokenizer has no BOS by default (chatglm)
};

// Throws realm::Error listing the supported names when `pre` is unknown.
PreTokenizerSpec preTokenizerSpec(std::string_view pre);

class PreTokenizer {
  public:
    explicit PreTokenizer(const PreTokenizerSpec& spec);
    // Splits valid UTF-8 text into pieces (views into `text`), none empty.
    std::vector<std::string_view> split(std::string_view text) const;

  private:
    std::vector<std::unique_ptr<Pcre2Regex>> regexes_;
};

} // namespace realm
