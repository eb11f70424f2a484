#pragma once
#include "runtime/memory_estimate.h"

#include <QString>

#include <optional>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// The memory a model will need at a context length, against what the machine has free.
struct MemoryCheck {
    bool known = false; // false: the model has no usable hyperparameters (chat says why)
    bool fits = true;
    MemoryEstimate estimate; // at the requested context (capped by the model's)
    qint64 modelContext = 0; // the model's own context_length
    uint64_t available = 0;
    qint64 offeredContext = 0; // the largest context that fits; 0 when none does
    QString summary, details;  // for the banner, when it does not fit
};

// available: nullopt reads MemAvailable from /proc/meminfo (unknown → assumed to fit).
MemoryCheck checkModelMemory(const GgufFile& file, qint64 contextLength, std::optional<uint64_t> available);

} // namespace realm::ui
