#pragma once
#include "gguf/gguf_file.h"
#include "tokenizer/flat_index.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace realm {

enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6
};

// Which algorithm `tokenizer.ggml.model` names: llama = SentencePiece BPE, gpt2 = byte-level BPE,
// bert = WordPiece.
enum class TokenizerKind { Spm, Bpe, Wpm };

// A tokenizer built from a GGUF file's tokenizer.ggml.* metadata alone; it behaves like
// llama.cpp's (same ids for the same text). Immutable after construction: tokenize and
// decode may be called from several threads at once. Owns copies of everything it needs,
// so it may outlive the GgufFile.
class Tokenizer {
  public:
    // Throws realm::Error naming the file and key when the vocabulary is missing or bad.
    static std::unique_ptr<Tokenizer> fromGguf(const GgufFile& file);
    virtual ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete; // tokens_ and the index view tokenArena_
    Tokenizer& operator=(const Tokenizer&) = delete;

    // addSpecial: BOS/EOS as the vocabulary's add_bos/add_eos say (llama.cpp's add_special;
    // WordPiece adds [CLS] … [SEP]).
    // parseSpecial: text such as "<s>" becomes the special token instead of plain text.
    // User-defined tokens (e.g. Qwen's <think>) are always matched, as in llama.cpp.
    std::vector<int32_t> tokenize(std::string_view text, bool addSpecial, bool parseSpecial) const;

    // The bytes a token stands for when decoding (byte tokens give their byte, "▁" gives a space).
    // Control tokens give "" unless renderSpecial. May be part of a UTF-8 character; streaming
    // callers should join pieces with Utf8Accumulator. Throws realm::Error for an id out of range.
    std::string tokenToPiece(int32_t id, bool renderSpecial = false) const;
    // llama.cpp's detokenize: pieces joined, the leading space the SPM tokenizer added removed,
    // clean_up_tokenization_spaces applied where the vocabulary asks for it.
    std::string detokenize(const std::vector<int32_t>& ids, bool renderSpecial = false) const;

    TokenizerKind kind() const { return kind_; }
    const std::string& model() const { return model_; }      // tokenizer.ggml.model
    const std::string& preTokenizer() const { return pre_; } // tokenizer.ggml.pre ("" when absent)
    int32_t vocabSize() const { return static_cast<int32_t>(tokens_.size()); }
    bool isValidId(int32_t id) const { return id >= 0 && id < vocabSize(); }
    std::string_view tokenText(int32_t id) const; // raw vocab entry; throws for a bad id
    TokenType tokenType(int32_t id) const;
    float tokenScore(int32_t id) const;
    // Id of the vocabulary entry with exactly this text, -1 if none.
    int32_t findToken(std::string_view text) const;
    bool isControl(int32_t id) const;

    int32_t bos() const { return bos_; } // -1 when the vocabulary has none
    int32_t eos() const { return eos_; }
    int32_t eot() const { return eot_; }
    int32_t eom() const { return eom_; }
    int32_t unk() const { return unk_; }
    int32_t sep() const { return sep_; }
    int32_t pad() const { return pad_; }
    bool addBos() const { return addBos_; }
    bool addEos() const { return addEos_; }
    bool addSpacePrefix() const { return addSpacePrefix_; }
    // End of generation: EOS, EOT, <|im_end|>, <|eot_id|> … as the vocabulary marks them.
    bool isEndOfGeneration(int32_t id) const;
    const std::vector<int32_t>& endOfGenerationIds() const { return endOfGeneration_; }

  protected:
    // Token attributes, llama.cpp's llama_token_attr bits.
    enum Attr : uint32_t {
        AttrUndefined = 0,
        AttrUnknown = 1 << 0,
        AttrUnused = 1 << 1,
        AttrNormal = 1 << 2,
        AttrControl = 1 << 3,
        AttrUserDefined = 1 << 4,
        AttrByte = 1 << 5,
        AttrLStrip = 1 << 7,
        AttrRStrip = 1 << 8,
    };

    Tokenizer() = default;
    // Reads tokens, types, scores, special ids and flags shared by every kind.
    void loadVocabulary(const GgufFile& file, TokenizerKind kind);
    // Encodes one run of plain text (no special tokens in it). `afterSpecial`: the run starts
    // the text or follows a special token (SPM then adds its leading space).
    virtual void encodeText(std::string_view text, bool afterSpecial, std::vector<int32_t>& out) const = 0;
    // The bytes of a NORMAL token.
    virtual std::string normalPiece(int32_t id) const = 0;

    uint32_t attr(int32_t id) const { return attrs_[static_cast<size_t>(id)]; }
    // SPM byte fallback: <0xNN>, else the byte as a one-char token, else unknown.
    int32_t byteToken(uint8_t byte) const;

    TokenizerKind kind_ = TokenizerKind::Spm;
    std::string model_, pre_, path_;
    std::string tokenArena_;               // every token text, back to back
    std::vector<std::string_view> tokens_; // views into tokenArena_
    std::vector<TokenType> types_;
    std::vector<uint32_t> attrs_;
    std::vector<float> scores_;
    StringIdIndex tokenIds_;             // over tokens_
    std::vector<int32_t> specialTokens_; // control/user-defined/unknown, longest first
    size_t maxTokenLength_ = 0;
    int32_t bos_ = -1, eos_ = -1, eot_ = -1, eom_ = -1, unk_ = -1, sep_ = -1, pad_ = -1;
    bool addBos_ = false, addEos_ = false, addSpacePrefix_ = false, cleanSpaces_ = false;
    std::vector<int32_t> endOfGeneration_; // sorted

  private:
    struct Fragment {
        int32_t token; // -1: raw text
        size_t offset, length;
    };
    std::vector<Fragment> partition(std::string_view text, bool parseSpecial) const;
    void finishLoading(const GgufFile& file);
};

// Joins streamed pieces and hands out only complete UTF-8 characters.
class Utf8Accumulator {
  public:
    // Appends `piece` and returns the longest prefix of the pending bytes that ends on a
    // character boundary (a byte sequence that can never be valid is released as it is).
    std::string push(std::string_view piece);
    // Whatever is still pending (an incomplete character at the end of generation).
    std::string flush();

  private:
    std::string pending_;
};

} // namespace realm
