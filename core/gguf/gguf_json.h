#pragma once
#include "gguf/gguf_value.h"

#include <nlohmann/json.hpp>

namespace realm {

// A metadata value as JSON: numbers, bools, strings, arrays (nested), in full.
nlohmann::json toJson(const GgufValue& value);

} // namespace realm
