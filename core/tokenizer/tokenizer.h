#pragma once
#include "gguf/gguf_file.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace realm {

enum class TokenType : int32_t { Undefined = 0, Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

// A tokenizer built from a GGUF file's tokenizer.ggml.* metadata alone.
class Tokenizer {
public:
    // Throws realm::Error naming the file and key when the vocabulary is missing or bad.
    static std::unique_ptr<Tokenizer> fromGguf(const GgufFile& file);
    virtual ~Tokenizer() = default;

    // addSpecial: BOS/EOS as the vocabulary's add_bos/add_eos say (llama.cpp's add_special).
    // parseSpecial: text such as "<s>" becomes the special token instead of plain text.
    virtual std::vector<int32_t> tokenize(std::string_view text, bool addSpecial, bool parseSpecial) const = 0;

    // The bytes a token stands for when decoding (byte tokens give their byte, "▁" gives a space).
    // Control tokens give "" unless renderSpecial.
    virtual std::string tokenToPiece(int32_t id, bool renderSpecial = false) const = 0;
    std::string detokenize(const std::vector<int32_t>& ids, bool renderSpecial = false) const;

    int32_t vocabSize() const { return static_cast<int32_t>(tokens_.size()); }
    std::string_view tokenText(int32_t id) const { return tokens_[static_cast<size_t>(id)]; } // raw vocab entry
    TokenType tokenType(int32_t id) const;
    int32_t bos() const { return bos_; } // -1 when the vocabulary has none
    int32_t eos() const { return eos_; }
    bool addBos() const { return addBos_; }
    bool addEos() const { return addEos_; }
    // End of generation: EOS, EOT, <|im_end|>, <|eot_id|> … as the vocabulary marks them.
    bool isEndOfGeneration(int32_t id) const;

protected:
    std::vector<std::string> tokens_;
    std::vector<TokenType> types_;
    int32_t bos_ = -1, eos_ = -1;
    bool addBos_ = false, addEos_ = false;
    std::vector<int32_t> endOfGeneration_;
};

} // namespace realm
