#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// UTF-8 and code point helpers for the tokenizers. Invalid UTF-8 never throws:
// each bad byte becomes U+FFFD, as llama.cpp does before pre-tokenizing.
namespace realm::unicode {

constexpr uint32_t kReplacement = 0xFFFD;

// Bytes of the UTF-8 sequence that starts with `first` (1 for a stray continuation byte),
// llama.cpp's unicode_len_utf8: SPM and BPE cut symbols this way.
inline size_t sequenceLength(uint8_t first) {
    static constexpr uint8_t lengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return lengths[first >> 4];
}

// Decodes one well-formed code point at text[pos] (no overlongs, surrogates or > U+10FFFF);
// returns its length, or 0 when the bytes there are not valid UTF-8.
size_t decodeOne(std::string_view text, size_t pos, uint32_t& cpt);
std::vector<uint32_t> decode(std::string_view text);
void append(std::string& out, uint32_t cpt);
std::string encode(uint32_t cpt);
bool isValid(std::string_view text);
// The text with every invalid byte replaced by U+FFFD (a copy even when valid).
std::string sanitize(std::string_view text);

// Simple (1:1) lowercase mapping.
uint32_t toLower(uint32_t cpt);
// Appends the canonical decomposition (NFD) of one code point, Hangul included.
void appendNfd(uint32_t cpt, std::vector<uint32_t>& out);

// General category groups WordPiece cares about, from PCRE2's Unicode tables.
enum class CharClass { Other, Whitespace, Control, AccentMark, Punctuation, Symbol };
CharClass classify(uint32_t cpt);

} // namespace realm::unicode
