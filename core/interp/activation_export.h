#pragma once
#include "interp/activation_recorder.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace realm {

class Session;

// Runs `tokens` from an empty cache through `session` (in one batch) and returns the chosen
// sites of layers firstLayer…lastLayer. Bad layers → realm::Error.
std::vector<RecordedActivation> recordActivations(Session& session, const std::vector<int32_t>& tokens,
                                                  const std::vector<HookSite>& sites, int64_t firstLayer,
                                                  int64_t lastLayer);

// Writes one `<site>-<layer>.npy` per activation and `index.json` into dir (created if
// missing) and returns the index: {"tokens", "pieces", "files": [{"file", "what", "layer",
// "shape", "dtype"}]}.
nlohmann::json exportActivations(const std::string& dir, const std::vector<RecordedActivation>& activations,
                                 const std::vector<int32_t>& tokens, const std::vector<std::string>& pieces);

} // namespace realm
