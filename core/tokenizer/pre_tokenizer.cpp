#include "tokenizer/pre_tokenizer.h"
#include "util/error.h"

#include <initializer_list>

namespace realm {

namespace {
// Left unformatted: splitting these long literals would cut multi-byte characters apart.
// clang-format off
// Split rules of the Hugging Face pre-tokenizers, in the forms llama.cpp uses (contractions
// spelled out case by case instead of (?i:...)).
const char* const kGpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
const char* const kLlama3 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen2 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen35 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Cased letters; \x{...} for the code points a Unicode normalizer would rewrite.
const char* const kDeepseekLlmLetters =
    "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\\x{1F7D}ᾀ-ᾴᾶ-ᾼ\\x{1FBE}ῂ-ῄῆ-ῌῐ-\\x{1FD3}ῖ-\\x{1FDB}ῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\\x{2126}ℨ\\x{212A}-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+";
const char* const kGpt4o =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kTekken =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kDeepseek3 =
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kPoro = R"( ?[^(\s|.,!?…。，、।۔،)]+)";
const char* const kSeedCoder =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kBailing =
    R"('(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+)";
// clang-format on

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (s == n) return true;
    return false;
}
} // namespace

PreTokenizerSpec preTokenizerSpec(std::string_view pre) {
    PreTokenizerSpec s;
    s.name = pre.empty() ? "default" : std::string(pre);
    if (pre.empty() || pre == "default") {
        s.patterns = {R"([\p{P}\$\+<=>\^~\|]+)", kGpt2, R"(\p{N}+)", "[0-9][0-9][0-9]"};
    } else if (isOneOf(pre, {"llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0",
                             "lfm2", "jina-v5-nano"})) {
        s.patterns = {kLlama3};
        s.ignoreMerges = true;
        s.forceAddBos = true;
    } else if (isOneOf(pre, {"dbrx", "smaug-bpe"})) {
        s.patterns = {kLlama3};
    } else if (isOneOf(pre, {"glm4", "chatglm-bpe"})) {
        s.patterns = {kLlama3};
        s.noBos = true;
    } else if (pre == "deepseek-llm") {
        s.patterns = {"[\r\n]", kDeepseekLlmLetters,        "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
                      "\\s+$",  "[一-龥ࠀ-一가-퟿]+", R"(\p{N}+)"};
        s.cleanSpaces = false;
    } else if (pre == "deepseek-coder") {
        s.patterns = {"[\r\n]", R"(\s?\p{L}+)", R"(\s?\p{P}+)", "[一-龥ࠀ-一가-퟿]+", R"(\p{N})"};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"deepseek-v3", "hunyuan-dense", "joyai-llm", "hy_v4"})) {
        s.patterns = {R"(\p{N}{1,3})", "[一-龥぀-ゟ゠-ヿ]+", kDeepseek3};
        s.cleanSpaces = false;
    } else if (pre == "falcon") {
        s.patterns = {R"([\p{P}\$\+<=>\^~\|`]+)", kGpt2, "[0-9][0-9][0-9]"};
    } else if (isOneOf(pre, {"starcoder", "refact", "codeshell", "exaone", "minerva-7b", "mellum2"})) {
        s.patterns = {R"(\p{N})", kGpt2};
    } else if (isOneOf(pre, {"command-r", "smollm"})) {
        s.patterns = {R"(\p{N})", kGpt2};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de",
                             "a.x-4.0", "mellum", "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe",
                             "exaone4", "mpt", "olmo", "jais"})) {
        s.patterns = {kGpt2};
    } else if (isOneOf(pre, {"trillion", "granite-docling"})) {
        s.patterns = {kGpt2};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "hunyuan", "solar-open"})) {
        s.patterns = {kQwen2};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"stablelm2", "megrez"})) {
        s.patterns = {kQwen2};
    } else if (pre == "qwen35") {
        s.patterns = {kQwen35};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2"})) {
        s.patterns = {kGpt4o};
        s.cleanSpaces = false;
    } else if (pre == "tekken") {
        s.patterns = {kTekken};
        s.cleanSpaces = false;
        s.ignoreMerges = true;
        s.forceAddBos = true;
    } else if (isOneOf(pre, {"poro-chat", "bloom", "gpt3-finnish"})) {
        s.patterns = {kPoro};
        s.cleanSpaces = pre != "poro-chat";
    } else if (pre == "viking") {
        s.patterns = {kPoro, R"(\p{N})"};
        s.cleanSpaces = false;
    } else if (pre == "seed-coder") {
        s.patterns = {kSeedCoder};
        s.cleanSpaces = false;
    } else if (isOneOf(pre, {"bailingmoe", "bailingmoe2", "llada-moe"})) {
        s.patterns = {kBailing};
        s.cleanSpaces = false;
    } else if (pre == "grok-2") {
        s.patterns = {kQwen2};
        s.cleanSpaces = false;
    } else {
        throw Error(
            "tokenizer.ggml.pre: unsupported pre-tokenizer '" + std::string(pre) +
            "' (supported: default, gpt-2, llama3/llama-bpe, qwen2, qwen35, deepseek-llm, deepseek-coder, "
            "deepseek-v3, falcon, starcoder, refact, mpt, olmo, command-r, smollm, stablelm2, dbrx, "
            "chatglm-bpe, tekken, gpt-4o, bloom, poro-chat, viking, seed-coder, bailingmoe, grok-2, …)");
    }
    return s;
}

PreTokenizer::PreTokenizer(const PreTokenizerSpec& spec) {
    for (const auto& p : spec.patterns)
        regexes_.push_back(std::make_unique<Pcre2Regex>(p));
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const {
    std::vector<std::string_view> pieces;
    if (!text.empty()) pieces.push_back(text);
    std::vector<std::string_view> next;
    for (const auto& re : regexes_) {
        next.clear();
        for (std::string_view piece : pieces) {
            size_t last = 0;
            re->forEachMatch(piece, [&](size_t begin, size_t end) {
                if (begin > last) next.push_back(piece.substr(last, begin - last));
                if (end > begin) next.push_back(piece.substr(begin, end - begin));
                last = end;
            });
            if (last < piece.size()) next.push_back(piece.substr(last));
        }
        pieces.swap(next);
    }
    return pieces;
}

} // namespace realm
