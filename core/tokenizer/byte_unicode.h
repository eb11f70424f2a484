#pragma once
#include <cstdint>
#include <string>
#include <string_view>

// GPT-2's reversible byte <-> printable code point mapping used by byte-level BPE:
// printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100.. in order.
namespace realm::byte_unicode {

// UTF-8 of the code point standing for byte b.
const std::string& encodeByte(uint8_t b);
// Appends the mapped form of every byte of `raw`.
void encode(std::string_view raw, std::string& out);
// The byte a code point stands for, or -1 if it is not in the mapping.
int decodeCodepoint(uint32_t cpt);

} // namespace realm::byte_unicode
