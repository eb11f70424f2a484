#include "document/memory_check.h"

#include "text/format.h"

#include "gguf/gguf_file.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <exception>

namespace realm::ui {

MemoryCheck checkModelMemory(const GgufFile& file, qint64 contextLength, std::optional<uint64_t> available) {
    MemoryCheck c;
    HParams hp;
    try {
        hp = HParams::fromGguf(file);
    } catch (const std::exception&) {
        return c;
    }
    uint64_t weights = 0;
    for (const GgufTensorInfo& t : file.tensors())
        weights += t.bytes;
    c.known = true;
    c.modelContext = hp.nCtxTrain;
    c.estimate = estimateMemory(hp, weights, contextLength);
    if (!available) available = availableMemory();
    if (!available) return c;
    c.available = *available;
    c.fits = c.estimate.total() <= c.available;
    if (c.fits) return c;
    c.offeredContext = largestFittingContext(hp, weights, c.estimate.contextLength, c.available);
    const QString name = QFileInfo(QString::fromStdString(file.path())).fileName();
    c.summary = QCoreApplication::translate("MemoryCheck",
                                            "%1 needs about %2 at context %3, but only %4 is available")
                    .arg(name, formatBytes(c.estimate.total()),
                         formatCount(uint64_t(c.estimate.contextLength)), formatBytes(c.available));
    c.summary += c.offeredContext > 0
                     ? QCoreApplication::translate("MemoryCheck", " — context %1 fits")
                           .arg(formatCount(uint64_t(c.offeredContext)))
                     : QCoreApplication::translate("MemoryCheck",
                                                   " — not even a short context fits: expect heavy swapping");
    c.details = QStringLiteral("Weights (mapped): %1\nKV cache (f16, %2 tokens): %3\nWork buffers: "
                               "%4\nAvailable (MemAvailable): %5")
                    .arg(formatBytes(c.estimate.weightBytes), formatCount(uint64_t(c.estimate.contextLength)),
                         formatBytes(c.estimate.kvCacheBytes), formatBytes(c.estimate.scratchBytes),
                         formatBytes(c.available));
    return c;
}

} // namespace realm::ui
