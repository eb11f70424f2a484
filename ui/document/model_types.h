#pragma once
// Plain structs that cross from worker threads to the UI thread (queued signals).
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <cstdint>
#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

class RemoteFile;

struct MetadataEntry {
    QString key;
    QString type;      // "string", "u32", "string[]" …
    QString value;     // short rendering
    QString fullText;  // whole string for long strings (chat template)
    QStringList items; // every element for arrays
    bool isArray = false;
    uint64_t offset = 0;
};

struct TensorEntry {
    int index = 0; // position in the file's tensor list
    QString name;
    QString type;
    bool quantized = false;
    bool dequantizable = false;
    int nDims = 0;
    std::array<int64_t, 4> ne{1, 1, 1, 1};
    int64_t rowLength = 0;
    int64_t rows = 0;
    uint64_t elements = 0;
    uint64_t bytes = 0;
    uint64_t offset = 0;
    QString shape;
};

struct TypeBytes {
    QString type;
    uint64_t bytes = 0;
    uint64_t elements = 0;
};

// What the UI knows about an opened model: metadata first, everything cheap.
struct ModelSummary {
    // The parsed file is immutable: sharing it with the UI thread and other workers is safe.
    std::shared_ptr<const realm::GgufFile> file;
    // Set when the file is read over HTTP (path is its URL): its tensors have no data here.
    std::shared_ptr<RemoteFile> remote;
    QString path;
    QString fileName;
    QString name; // general.name or the file name
    QString architecture;
    uint64_t fileSize = 0;
    uint64_t parameters = 0;
    uint64_t tensorBytes = 0;
    double bitsPerWeight = 0;
    QString fileType; // as users name the file: "Q4_K_M" (general.file_type), else a guess
    int64_t contextLength = 0, vocabSize = 0, layers = 0, heads = 0, kvHeads = 0, embedding = 0, ffn = 0;
    QList<MetadataEntry> metadata;
    QList<TensorEntry> tensors;
    QList<TypeBytes> bytesPerType;
};

struct TensorStatsResult {
    int tensor = -1;
    double min = 0, max = 0, mean = 0, std = 0, absMax = 0;
    uint64_t count = 0, zeros = 0, nan = 0, inf = 0;
    QVector<quint64> histogram;
};

struct RowResult {
    int tensor = -1;
    int64_t row = 0;
    QVector<float> values;
    // What the row chart draws: every value of a short row, else the smallest and largest of
    // each stretch (at most RowChartPoints; a line chart of 4096 points took ~50 ms to lay out).
    QList<QPointF> chart;
    float lo = 0, hi = 0; // finite range (0 included)
};

// A tensor pooled to a grid: each cell holds the signed value of largest magnitude in its patch.
struct HeatmapResult {
    int tensor = -1;
    int64_t rows = 0, cols = 0; // source size
    int64_t row0 = 0, col0 = 0; // source region shown
    int64_t regionRows = 0, regionCols = 0;
    int width = 0, height = 0; // grid size
    QVector<float> cells;      // height × width, row-major
    float absMax = 0;
    QImage image; // the cells coloured (diverging over ±absMax), made by the job
};

struct BlockScalesResult {
    int tensor = -1;
    QString note; // why there is nothing, when there is nothing
    uint64_t blocks = 0;
    double min = 0, max = 0;
    QVector<quint64> histogram; // 64 bins over [min, max]
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ModelSummary)
Q_DECLARE_METATYPE(realm::ui::TensorStatsResult)
Q_DECLARE_METATYPE(realm::ui::RowResult)
Q_DECLARE_METATYPE(realm::ui::HeatmapResult)
Q_DECLARE_METATYPE(realm::ui::BlockScalesResult)
