#pragma once
#include "tokenizer/tokenizer.h"

namespace realm {

// WordPiece (tokenizer.ggml.model = bert), as converted by llama.cpp: word-initial pieces
// are stored with a "▁" prefix, continuation pieces without "##". The text is normalized
// like HF's BertNormalizer (lowercase, NFD + accent removal), split on whitespace and
// punctuation, and each word is matched greedily longest-first; a word that cannot be
// covered becomes [UNK].
class WpmTokenizer : public Tokenizer {
  public:
    explicit WpmTokenizer(const GgufFile& file);
    // The words a text is split into before matching (exposed for tests).
    std::vector<std::string> preprocess(std::string_view text) const;

  protected:
    void encodeText(std::string_view text, bool afterSpecial, std::vector<int32_t>& out) const override;
    std::string normalPiece(int32_t id) const override;

  private:
    bool lowercase_ = true, stripAccents_ = true;
};

} // namespace realm
