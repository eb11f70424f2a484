// Vocabulary loading, special-token handling and decoding shared by every tokenizer kind
// (llama.cpp's llama_vocab::impl::load / tokenize / token_to_piece / detokenize behaviour).
#include "tokenizer/tokenizer.h"
#include "tokenizer/bpe_tokenizer.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/wpm_tokenizer.h"
#include "util/error.h"

#include <algorithm>
#include <initializer_list>

namespace realm {

namespace {
const char* const kTokensKey = "tokenizer.ggml.tokens";

bool isAsciiSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

uint32_t attrFromType(int64_t type) {
    switch (static_cast<TokenType>(type)) {
    case TokenType::Normal:
        return 1 << 2;
    case TokenType::Unknown:
        return 1 << 0;
    case TokenType::Control:
        return 1 << 3;
    case TokenType::UserDefined:
        return 1 << 4;
    case TokenType::Unused:
        return 1 << 1;
    case TokenType::Byte:
        return 1 << 5;
    default:
        return 0;
    }
}
} // namespace

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const GgufFile& file) {
    const GgufValue* model = file.find("tokenizer.ggml.model");
    if (!model || !model->isString())
        throw Error(file.path() + ": no tokenizer (key 'tokenizer.ggml.model' is missing or not a string)");
    const std::string_view name = model->toString();
    if (name == "llama") return std::make_unique<SpmTokenizer>(file);
    if (name == "gpt2") return std::make_unique<BpeTokenizer>(file);
    if (name == "bert") return std::make_unique<WpmTokenizer>(file);
    throw Error(file.path() + ": tokenizer.ggml.model '" + std::string(name) +
                "' is not supported (supported: llama, gpt2, bert)");
}

Tokenizer::~Tokenizer() = default;

void Tokenizer::loadVocabulary(const GgufFile& file, TokenizerKind kind) {
    kind_ = kind;
    path_ = file.path();
    model_ = file.getString("tokenizer.ggml.model");
    pre_ = file.getString("tokenizer.ggml.pre");

    const GgufValue* tokens = file.find(kTokensKey);
    if (!tokens || !tokens->isArray() || tokens->elementType() != GgufType::String)
        throw Error(path_ + ": key '" + kTokensKey + "' is missing or not an array of strings");
    const uint64_t n = tokens->size();
    if (n == 0 || n > 0x7fffffff)
        throw Error(path_ + ": key '" + kTokensKey + "' has " + std::to_string(n) + " tokens");

    const GgufValue* scores = file.find("tokenizer.ggml.scores");
    if (scores && (!scores->isArray() || scores->size() < n ||
                   (scores->elementType() != GgufType::Float32 && scores->elementType() != GgufType::Int32)))
        throw Error(path_ + ": key 'tokenizer.ggml.scores' must be a float32/int32 array of at least " +
                    std::to_string(n) + " values");
    const GgufValue* types = file.find("tokenizer.ggml.token_type");
    if (types && (!types->isArray() || types->size() < n || types->elementType() == GgufType::String ||
                  types->elementType() == GgufType::Array))
        throw Error(path_ + ": key 'tokenizer.ggml.token_type' must be an integer array of at least " +
                    std::to_string(n) + " values");

    // One arena for all texts: no allocation per token. Empty entries get llama.cpp's name.
    size_t arenaBytes = 0;
    for (uint64_t i = 0; i < n; ++i)
        arenaBytes += tokens->stringAt(i).size();
    tokenArena_.reserve(arenaBytes + 64);
    std::vector<size_t> offsets(n + 1);
    for (uint64_t i = 0; i < n; ++i) {
        offsets[i] = tokenArena_.size();
        const std::string_view t = tokens->stringAt(i);
        if (t.empty())
            tokenArena_ += "[EMPTY_" + std::to_string(i) + "]";
        else
            tokenArena_.append(t);
    }
    offsets[n] = tokenArena_.size();
    tokens_.resize(n);
    types_.resize(n, TokenType::Normal);
    attrs_.resize(n, AttrNormal);
    scores_.resize(n, 0.0f);
    for (uint64_t i = 0; i < n; ++i) {
        tokens_[i] = std::string_view(tokenArena_).substr(offsets[i], offsets[i + 1] - offsets[i]);
        if (scores) scores_[i] = static_cast<float>(scores->doubleAt(i));
        if (types) {
            const int64_t t = types->intAt(i);
            types_[i] = (t >= 0 && t <= 6) ? static_cast<TokenType>(t) : TokenType::Undefined;
            attrs_[i] = attrFromType(t);
        }
        maxTokenLength_ = std::max(maxTokenLength_, tokens_[i].size());
    }
    int32_t firstId = -1, duplicateId = -1;
    tokenIds_.build(tokens_, &firstId, &duplicateId);
    if (duplicateId >= 0)
        throw Error(path_ + ": key '" + kTokensKey + "': duplicate token '" +
                    std::string(tokens_[static_cast<size_t>(duplicateId)]) + "' at ids " +
                    std::to_string(firstId) + " and " + std::to_string(duplicateId));
    finishLoading(file);
}

void Tokenizer::finishLoading(const GgufFile& file) {
    const auto inRange = [&](int64_t id) { return id >= 0 && id < vocabSize(); };
    for (int32_t* id : {&bos_, &eos_, &unk_, &sep_, &pad_})
        if (!inRange(*id)) *id = -1;
    const auto readId = [&](const char* key, int32_t& id) {
        const GgufValue* v = file.find(key);
        if (!v || !v->isNumber()) return false;
        const int64_t value = v->toInt();
        if (inRange(value)) id = static_cast<int32_t>(value); // llama.cpp ignores out-of-range ids
        return true;
    };
    readId("tokenizer.ggml.bos_token_id", bos_) ||
        (kind_ == TokenizerKind::Wpm && readId("tokenizer.ggml.cls_token_id", bos_));
    readId("tokenizer.ggml.eos_token_id", eos_);
    readId("tokenizer.ggml.eot_token_id", eot_);
    readId("tokenizer.ggml.eom_token_id", eom_);
    readId("tokenizer.ggml.unknown_token_id", unk_);
    readId("tokenizer.ggml.seperator_token_id", sep_);
    readId("tokenizer.ggml.padding_token_id", pad_);
    int32_t fimPad = -1, fimRep = -1, fimSep = -1;
    readId("tokenizer.ggml.fim_pad_token_id", fimPad);
    readId("tokenizer.ggml.fim_rep_token_id", fimRep);
    readId("tokenizer.ggml.fim_sep_token_id", fimSep);

    addBos_ = file.getBool("tokenizer.ggml.add_bos_token", addBos_);
    addEos_ = file.getBool("tokenizer.ggml.add_eos_token", addEos_);
    addSpacePrefix_ = file.getBool("tokenizer.ggml.add_space_prefix", addSpacePrefix_);
    if (addBos_ && bos_ < 0)
        throw Error(
            path_ +
            ": tokenizer.ggml.add_bos_token is true but there is no valid tokenizer.ggml.bos_token_id");
    if (addEos_ && eos_ < 0)
        throw Error(
            path_ +
            ": tokenizer.ggml.add_eos_token is true but there is no valid tokenizer.ggml.eos_token_id");
    if (kind_ == TokenizerKind::Wpm && (bos_ < 0 || sep_ < 0))
        throw Error(path_ + ": WordPiece vocabulary without valid [CLS]/[SEP] ids");

    // Tokens llama.cpp recognises by their text; it forces them to CONTROL.
    const auto markControl = [&](int32_t id) { attrs_[static_cast<size_t>(id)] |= AttrControl; };
    // Every text recognised below starts with '<', '[' or '_': skip the rest cheaply.
    const auto maybeSpecialText = [](std::string_view t) {
        return t[0] == '<' || t[0] == '[' || t[0] == '_';
    };
    for (int32_t id = 0; id < vocabSize(); ++id) {
        const std::string_view t = tokens_[static_cast<size_t>(id)];
        if (!maybeSpecialText(t)) continue;
        if (eot_ < 0 && isOneOf(t, {"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                                    "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>",
                                    "<end_of_utterance>"})) {
            eot_ = id;
            markControl(id);
        }
        if (eom_ < 0 && t == "<|eom_id|>") {
            eom_ = id;
            markControl(id);
        }
        if (fimPad < 0 && isOneOf(t, {"<|fim_pad|>", "<fim-pad>", "<fim_pad>"})) fimPad = id, markControl(id);
        if (fimRep < 0 && isOneOf(t, {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"}))
            fimRep = id, markControl(id);
        if (fimSep < 0 && t == "<|file_sep|>") fimSep = id, markControl(id);
    }

    std::vector<int32_t> eog;
    for (int32_t id : {fimPad, fimRep, fimSep, eos_, eot_, eom_})
        if (id >= 0) eog.push_back(id);
    for (int32_t id = 0; id < vocabSize(); ++id) {
        const std::string_view t = tokens_[static_cast<size_t>(id)];
        if (!maybeSpecialText(t)) continue;
        if (isOneOf(t, {"<|eot_id|>",
                        "<|im_end|>",
                        "<|end|>",
                        "<|return|>",
                        "<|call|>",
                        "<|flush|>",
                        "<|calls|>",
                        "<end_of_turn>",
                        "<|endoftext|>",
                        "</s>",
                        "<|eom_id|>",
                        "<EOT>",
                        "_<EOT>",
                        "[EOT]",
                        "[EOS]",
                        "<|end_of_text|>",
                        "<end_of_utterance>",
                        "<eos>",
                        "<turn|>",
                        "<|tool_response>",
                        "<｜end▁of▁sentence｜>"})) {
            eog.push_back(id);
            markControl(id);
        }
    }
    std::sort(eog.begin(), eog.end());
    eog.erase(std::unique(eog.begin(), eog.end()), eog.end());
    // Harmony-style vocabularies end a message with <|end|> but keep generating: not an end.
    const auto eogWith = [&](std::string_view text) {
        for (int32_t id : eog)
            if (tokens_[static_cast<size_t>(id)] == text) return id;
        return -1;
    };
    const bool hasCall = eogWith("<|call|>") >= 0 || eogWith("<|calls|>") >= 0;
    const bool hasReturnOrFlush = eogWith("<|return|>") >= 0 || eogWith("<|flush|>") >= 0;
    if (const int32_t end = eogWith("<|end|>"); end >= 0 && hasCall && hasReturnOrFlush) {
        eog.erase(std::find(eog.begin(), eog.end(), end));
        attrs_[static_cast<size_t>(end)] = AttrUserDefined;
    }
    if (const int32_t s = eogWith("</s>"); s >= 0 && eogWith("<|tool_response>") >= 0) {
        eog.erase(std::find(eog.begin(), eog.end(), s));
        attrs_[static_cast<size_t>(s)] = AttrNormal;
    }
    endOfGeneration_ = std::move(eog);

    for (int32_t id = 0; id < vocabSize(); ++id)
        if (attr(id) & (AttrControl | AttrUserDefined | AttrUnknown)) specialTokens_.push_back(id);
    std::stable_sort(specialTokens_.begin(), specialTokens_.end(), [&](int32_t a, int32_t b) {
        return tokens_[static_cast<size_t>(a)].size() > tokens_[static_cast<size_t>(b)].size();
    });

    // Per-model strip rules llama.cpp sets by name (they are not stored in GGUF).
    std::string name = file.getString("general.name");
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
    const std::string arch = file.architecture();
    const auto setAttr = [&](std::string_view text, uint32_t bit, bool on) {
        const int32_t id = findToken(text);
        if (id < 0) return;
        auto& a = attrs_[static_cast<size_t>(id)];
        a = on ? (a | bit) : (a & ~bit);
    };
    if (pre_.find("jina-v2-") != std::string::npos || arch.find("nomic-bert-moe") != std::string::npos ||
        arch.find("jina-bert-v3") != std::string::npos) {
        setAttr("<mask>", AttrLStrip, true);
    } else if (name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos) {
        for (int32_t id : specialTokens_)
            attrs_[static_cast<size_t>(id)] |= AttrRStrip;
        setAttr("</s>", AttrRStrip, true);
        for (auto t : {"<unk>", "<s>", "<|endoftext|>"})
            setAttr(t, AttrRStrip, false);
    } else if (name.find("modern-bert") != std::string::npos) {
        setAttr("[MASK]", AttrLStrip, true);
    }

    for (int32_t id = 0; id < vocabSize(); ++id) {
        const uint32_t a = attr(id);
        auto& t = types_[static_cast<size_t>(id)];
        if (a & AttrControl)
            t = TokenType::Control;
        else if (a & AttrUserDefined)
            t = TokenType::UserDefined;
        else if (a == AttrNormal)
            t = TokenType::Normal;
    }
}

std::string_view Tokenizer::tokenText(int32_t id) const {
    if (!isValidId(id))
        throw Error("token id " + std::to_string(id) + " is out of range (vocabulary of " +
                    std::to_string(vocabSize()) + " tokens in " + path_ + ")");
    return tokens_[static_cast<size_t>(id)];
}

TokenType Tokenizer::tokenType(int32_t id) const {
    tokenText(id);
    return types_[static_cast<size_t>(id)];
}

float Tokenizer::tokenScore(int32_t id) const {
    tokenText(id);
    return scores_[static_cast<size_t>(id)];
}

int32_t Tokenizer::findToken(std::string_view text) const {
    return tokenIds_.find(text);
}

bool Tokenizer::isControl(int32_t id) const {
    return isValidId(id) && (attr(id) & AttrControl);
}

bool Tokenizer::isEndOfGeneration(int32_t id) const {
    return std::binary_search(endOfGeneration_.begin(), endOfGeneration_.end(), id);
}

int32_t Tokenizer::byteToken(uint8_t byte) const {
    static const char hex[] = "0123456789ABCDEF";
    const char buf[6] = {'<', '0', 'x', hex[byte >> 4], hex[byte & 15], '>'};
    int32_t id = findToken(std::string_view(buf, 6));
    if (id < 0) id = findToken(std::string_view(reinterpret_cast<const char*>(&byte), 1));
    if (id < 0) id = unk_;
    if (id < 0)
        throw Error(path_ + ": the vocabulary has no token for byte 0x" + std::string(buf + 3, 2) +
                    " and no unknown token");
    return id;
}

std::vector<Tokenizer::Fragment> Tokenizer::partition(std::string_view text, bool parseSpecial) const {
    std::vector<Fragment> frags;
    if (text.empty()) return frags;
    frags.push_back({-1, 0, text.size()});
    std::vector<Fragment> next;
    for (int32_t id : specialTokens_) {
        const uint32_t a = attr(id);
        // Without parseSpecial only user-defined tokens are split out (as HF and llama.cpp do).
        if (!parseSpecial && (a & (AttrControl | AttrUnknown))) continue;
        const std::string_view tok = tokens_[static_cast<size_t>(id)];
        if (text.find(tok) == std::string_view::npos) continue;
        next.clear();
        for (const Fragment& f : frags) {
            if (f.token >= 0) {
                next.push_back(f);
                continue;
            }
            size_t base = f.offset, remaining = f.length;
            while (true) {
                const size_t hit = text.substr(base, remaining).find(tok);
                if (hit == std::string_view::npos) {
                    next.push_back({-1, base, remaining});
                    break;
                }
                size_t leftLen = hit;
                if (a & AttrLStrip)
                    while (leftLen > 0 && isAsciiSpace(text[base + leftLen - 1]))
                        --leftLen;
                if (leftLen > 0) next.push_back({-1, base, leftLen});
                next.push_back({id, 0, 0});
                size_t rightOff = base + hit + tok.size();
                size_t rightLen = base + remaining - rightOff;
                if (a & AttrRStrip)
                    while (rightLen > 0 && isAsciiSpace(text[rightOff]))
                        ++rightOff, --rightLen;
                if (rightLen == 0) break;
                base = rightOff;
                remaining = rightLen;
            }
        }
        frags.swap(next);
    }
    return frags;
}

std::vector<int32_t> Tokenizer::tokenize(std::string_view text, bool addSpecial, bool parseSpecial) const {
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 4);
    const bool wordPiece = kind_ == TokenizerKind::Wpm;
    if (addSpecial && (wordPiece || addBos_)) out.push_back(bos_);
    bool afterSpecial = true;
    for (const Fragment& f : partition(text, parseSpecial)) {
        if (f.token >= 0) {
            out.push_back(f.token);
            afterSpecial = true;
        } else {
            encodeText(text.substr(f.offset, f.length), afterSpecial, out);
            afterSpecial = false;
        }
    }
    if (addSpecial && wordPiece)
        out.push_back(sep_);
    else if (addSpecial && addEos_)
        out.push_back(eos_);
    return out;
}

std::string Tokenizer::tokenToPiece(int32_t id, bool renderSpecial) const {
    const std::string_view text = tokenText(id);
    const uint32_t a = attr(id);
    if (!renderSpecial && (a & (AttrUnknown | AttrControl))) return {};
    if (a & (AttrUnknown | AttrControl | AttrUserDefined)) return std::string(text);
    if (a & AttrNormal) return normalPiece(id);
    if (a & AttrByte) {
        // "<0xNN>"
        if (text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>') {
            const auto hexValue = [](char c) -> int {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                return -1;
            };
            const int hi = hexValue(text[3]), lo = hexValue(text[4]);
            if (hi >= 0 && lo >= 0) return std::string(1, static_cast<char>(hi * 16 + lo));
        }
        return {};
    }
    return {}; // unused / undefined tokens decode to nothing, as in llama.cpp
}

std::string Tokenizer::detokenize(const std::vector<int32_t>& ids, bool renderSpecial) const {
    std::string text;
    bool removeSpace = addSpacePrefix_;
    for (int32_t id : ids) {
        std::string piece = tokenToPiece(id, renderSpecial);
        if (removeSpace && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
        removeSpace = false;
        text += piece;
    }
    if (!cleanSpaces_ || text.empty()) return text;

    // clean_up_tokenization_spaces, pass by pass as llama.cpp does it.
    std::string a(1, text[0]);
    for (size_t i = 1; i < text.size(); ++i) {
        const char x = text[i];
        if (text[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) a.pop_back();
        a += x;
    }
    std::string b(1, a[0]);
    for (size_t i = 1; i < a.size(); ++i) {
        const char x = a[i];
        if (x == '\'' && i + 1 < a.size() && a[i - 1] == ' ' && a[i + 1] == ' ') {
            b.pop_back();  // the space before
            a[++i] = '\0'; // and skip the one after
        }
        b += x;
    }
    std::string c(1, b[0]);
    for (size_t i = 1; i < b.size(); ++i) {
        const char x = b[i];
        if (b[i - 1] == ' ' && x == '\'' && i + 1 < b.size()) {
            const char x1 = b[i + 1];
            if (x1 == 's' || x1 == 'm') {
                c.pop_back();
            } else if (i + 2 < b.size()) {
                const char x2 = b[i + 2];
                if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) c.pop_back();
            }
        }
        c += x;
    }
    return c;
}

std::string Utf8Accumulator::push(std::string_view piece) {
    pending_.append(piece);
    // Find the start of the last (possibly incomplete) sequence in the final 3 bytes.
    size_t keep = 0;
    const size_t n = pending_.size();
    for (size_t back = 1; back <= 4 && back <= n; ++back) {
        const auto byte = static_cast<uint8_t>(pending_[n - back]);
        if ((byte & 0xC0) == 0x80) continue; // continuation byte: look further back
        const size_t need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        if (byte < 0xF8 && need > back) keep = back; // lead byte still waiting for its continuation bytes
        break;
    }
    std::string ready = pending_.substr(0, n - keep);
    pending_.erase(0, n - keep);
    return ready;
}

std::string Utf8Accumulator::flush() {
    std::string rest;
    rest.swap(pending_);
    return rest;
}

} // namespace realm
