#pragma once
// The global functions a chat template can call: range, namespace, dict, and the two
// Hugging Face adds, raise_exception and strftime_now.
#include "chat/jinja_value.h"

#include <string>
#include <utility>
#include <vector>

namespace realm::jinja {

// `now`: the time strftime_now renders ("YYYY-MM-DDTHH:MM:SS", also "YYYY-MM-DD HH:MM:SS"
// or "YYYY-MM-DD"); empty means the local clock, as transformers uses datetime.now().
std::vector<std::pair<std::string, Value>> makeGlobals(const std::string& now);

} // namespace realm::jinja
