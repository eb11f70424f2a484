#pragma once
#include "tokenizer/tokenizer.h"

namespace realm {

// SentencePiece-style BPE (tokenizer.ggml.model = llama): spaces become "▁", a space is put in
// front of the text, adjacent symbols are merged highest score first, and whatever is left
// that is not a token falls back to <0xNN> byte tokens.
class SpmTokenizer : public Tokenizer {
  public:
    explicit SpmTokenizer(const GgufFile& file);

  protected:
    void encodeText(std::string_view text, bool afterSpecial, std::vector<int32_t>& out) const override;
    std::string normalPiece(int32_t id) const override;
};

} // namespace realm
