#pragma once
#include "runtime/forward_hook.h"
#include "util/job_control.h"

#include <cstdint>
#include <vector>

namespace realm {

class Session;

struct PatchSweepOptions {
    HookSite site = HookSite::Residual;     // Residual (a layer's output) or AttnHeads (one head, before Wo)
    int64_t head = -1;                      // AttnHeads: the head patched
    int64_t firstLayer = 0, lastLayer = -1; // -1: the last layer
};

struct PatchSweep {
    int64_t firstLayer = 0, nLayers = 0, nPositions = 0;
    // [nLayers × nPositions], row = layer − firstLayer: (LD − LD_corrupted) / (LD_clean − LD_corrupted)
    // where LD = logit[answer] − logit[wrongAnswer] at the last position (1 = clean, 0 = corrupted).
    std::vector<double> recovered;
    std::vector<double> logitDiff; // the raw LD of each cell
    double cleanDiff = 0, corruptedDiff = 0;
    bool cancelled = false; // cells not reached are NaN
};

// Activation patching: for every (layer, position), the clean run's activation at that site
// replaces the corrupted run's, and the corrupted prompt's last-position logits are recomputed.
// Only what the patch can change is recomputed: positions from the patched one on, layers from
// the patched one on; the rest comes from the corrupted run's KV cache (positions are swept from
// the last to the first so that the cache in front of each patch is always the corrupted run's).
// Prompts of different token lengths, answers outside the vocabulary, a bad layer range or head,
// or runs that do not differ in LD → realm::Error. Leaves the session cleared. `control` is polled
// between cells (cancelled: the sweep returns what it has) and told the fraction of cells done.
PatchSweep patchSweep(Session& session, const std::vector<int32_t>& clean,
                      const std::vector<int32_t>& corrupted, int32_t answer, int32_t wrongAnswer,
                      const PatchSweepOptions& options = {}, const JobControl* control = nullptr);

} // namespace realm
