#include "jobs/tensor_jobs.h"

#include "text/format.h"
#include "widgets/line_points.h"

#include "gguf/metadata_names.h"
#include "gguf/tensor_stats.h"
#include "quant/dequantize.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace realm::ui {

namespace {
void requireDequantizable(const GgufTensorInfo& t) {
    if (!typeTraits(t.type).dequantize)
        throw Error("tensor '" + t.name + "': type " + typeName(t.type) + " cannot be converted to f32");
}

// "15" and "Q4_K_M" → "15 (Q4_K_M)": the stored number stays visible beside its meaning.
QString withName(const QString& number, std::string_view name) {
    if (name.empty()) return number;
    return QStringLiteral("%1 (%2)").arg(number,
                                         QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
}
} // namespace

TensorStatsResult computeStats(const GgufTensorInfo& t, int index, const JobControl& control) {
    requireDequantizable(t);
    const TensorStats s = computeTensorStats(t, &control);
    TensorStatsResult r;
    r.tensor = index;
    r.min = s.min;
    r.max = s.max;
    r.mean = s.mean;
    r.std = s.std;
    r.absMax = s.absMax;
    r.count = s.count;
    r.zeros = s.zeros;
    r.nan = s.nan;
    r.inf = s.inf;
    r.histogram.reserve(static_cast<qsizetype>(s.histogram.size()));
    for (uint64_t b : s.histogram)
        r.histogram.push_back(b);
    return r;
}

RowResult dequantizeRow(const GgufTensorInfo& t, int index, int64_t row) {
    requireDequantizable(t);
    if (row < 0 || row >= t.rows())
        throw Error("tensor '" + t.name + "': row " + std::to_string(row) +
                    " out of range (rows: " + std::to_string(t.rows()) + ")");
    RowResult r;
    r.tensor = index;
    r.row = row;
    r.values.resize(static_cast<qsizetype>(t.rowLength()));
    dequantizeRows(t.type, t.data + static_cast<uint64_t>(row) * t.rowBytes(), r.values.data(), t.rowLength(),
                   1);
    const qsizetype n = r.values.size();
    for (float v : std::as_const(r.values))
        if (std::isfinite(v)) {
            r.lo = std::min(r.lo, v);
            r.hi = std::max(r.hi, v);
        }
    r.chart = linePoints(r.values.constData(), n, RowChartPoints);
    return r;
}

HeatmapResult poolHeatmap(const GgufTensorInfo& t, int index, int64_t row0, int64_t col0, int64_t regionRows,
                          int64_t regionCols, int width, int height, const JobControl& control) {
    requireDequantizable(t);
    const int64_t rows = t.rows(), cols = t.rowLength();
    row0 = std::clamp<int64_t>(row0, 0, rows - 1);
    col0 = std::clamp<int64_t>(col0, 0, cols - 1);
    regionRows = std::clamp<int64_t>(regionRows, 1, rows - row0);
    regionCols = std::clamp<int64_t>(regionCols, 1, cols - col0);
    HeatmapResult h;
    h.tensor = index;
    h.rows = rows;
    h.cols = cols;
    h.row0 = row0;
    h.col0 = col0;
    h.regionRows = regionRows;
    h.regionCols = regionCols;
    h.width = static_cast<int>(std::clamp<int64_t>(width, 1, regionCols));
    h.height = static_cast<int>(std::clamp<int64_t>(height, 1, regionRows));
    h.cells.fill(0.0f, static_cast<qsizetype>(h.width) * h.height);
    std::vector<float> best(static_cast<size_t>(h.width) * h.height, -1.0f); // any value beats -1
    std::vector<float> row(static_cast<size_t>(cols));
    for (int64_t r = 0; r < regionRows; ++r) {
        if (control.cancelled()) return h;
        dequantizeRows(t.type, t.data + static_cast<uint64_t>(row0 + r) * t.rowBytes(), row.data(), cols, 1);
        const int64_t y = r * h.height / regionRows;
        float* cell = h.cells.data() + y * h.width;
        float* mag = best.data() + y * h.width;
        for (int64_t c = 0; c < regionCols; ++c) {
            const float v = row[static_cast<size_t>(col0 + c)];
            const int64_t x = c * h.width / regionCols;
            // NaN/Inf win the pooling so that they stay visible.
            const float a = std::isfinite(v) ? std::fabs(v) : std::numeric_limits<float>::infinity();
            if (a > mag[x]) {
                mag[x] = a;
                cell[x] = v;
            }
        }
    }
    for (float v : h.cells)
        if (std::isfinite(v)) h.absMax = std::max(h.absMax, std::fabs(v));
    return h;
}

BlockScalesResult blockScales(const GgufTensorInfo& t, int index, const JobControl& control) {
    BlockScalesResult r;
    r.tensor = index;
    const TypeTraits& traits = typeTraits(t.type);
    if (!traits.quantized) {
        r.note = QCoreApplication::translate("TensorJobs",
                                             "%1 is not a block-quantized type: no per-block scales.")
                     .arg(QLatin1String(traits.name));
        return r;
    }
    const int off = traits.scaleOffset;
    if (off < 0) {
        r.note = QCoreApplication::translate("TensorJobs", "Per-block scales are not shown for %1.")
                     .arg(QLatin1String(traits.name));
        return r;
    }
    const uint64_t blocks = t.bytes / static_cast<uint64_t>(traits.blockBytes);
    std::vector<float> d(blocks);
    for (uint64_t b = 0; b < blocks; ++b) {
        if ((b & 0xffff) == 0 && control.cancelled()) return r;
        uint16_t bits;
        std::memcpy(&bits, t.data + b * static_cast<uint64_t>(traits.blockBytes) + static_cast<uint64_t>(off),
                    2);
        d[b] = halfToFloat(bits);
    }
    r.blocks = blocks;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (float v : d)
        if (std::isfinite(v)) {
            lo = std::min<double>(lo, v);
            hi = std::max<double>(hi, v);
        }
    if (!(lo <= hi)) {
        r.note = QCoreApplication::translate("TensorJobs", "No finite block scales.");
        return r;
    }
    r.min = lo;
    r.max = hi;
    r.histogram.fill(0, 64);
    const double span = hi - lo;
    for (float v : d) {
        if (!std::isfinite(v)) continue;
        const int bin = span > 0 ? static_cast<int>((v - lo) / span * 64.0) : 0;
        r.histogram[std::clamp(bin, 0, 63)]++;
    }
    return r;
}

ModelSummary summarize(const GgufFile& file, const JobControl* control) {
    const auto checkCancel = [&] {
        if (cancelled(control)) throw GgufOpenCancelled(file.path() + ": loading was cancelled");
    };
    ModelSummary s;
    s.path = QString::fromStdString(file.path());
    s.fileName = QFileInfo(s.path).fileName();
    s.architecture = QString::fromStdString(file.architecture());
    s.name = QString::fromStdString(file.getString("general.name"));
    if (s.name.isEmpty()) s.name = s.fileName;
    s.fileSize = file.fileSize();
    const std::string arch = file.architecture();
    auto hp = [&](const char* key) { return file.getInt(arch + "." + key, 0); };
    s.contextLength = hp("context_length");
    s.layers = hp("block_count");
    s.heads = hp("attention.head_count");
    s.kvHeads = hp("attention.head_count_kv");
    if (s.kvHeads == 0) s.kvHeads = s.heads;
    s.embedding = hp("embedding_length");
    s.ffn = hp("feed_forward_length");
    s.vocabSize = hp("vocab_size");
    if (const GgufValue* tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->isArray())
        s.vocabSize = static_cast<int64_t>(tokens->size());

    for (const auto& kv : file.metadata()) {
        checkCancel();
        MetadataEntry e;
        e.key = QString::fromUtf8(kv.key.data(), static_cast<qsizetype>(kv.key.size()));
        e.offset = kv.offset;
        const GgufValue& v = kv.value;
        if (v.isArray()) {
            e.isArray = true;
            e.type = QLatin1String(ggufTypeName(v.elementType())) + QStringLiteral("[]");
            e.value = QCoreApplication::translate("TensorJobs", "%1 items").arg(formatCount(v.size()));
            e.items.reserve(static_cast<qsizetype>(v.size()));
            const bool tokenTypes = kv.key == "tokenizer.ggml.token_type";
            for (uint64_t i = 0; i < v.size(); ++i) {
                if ((i & 4095) == 4095) checkCancel();
                if (v.elementType() == GgufType::String)
                    e.items.push_back(visiblePiece(v.stringAt(i)));
                else if (v.elementType() == GgufType::Array)
                    e.items.push_back(QString::fromStdString(v.arrayAt(i).describe()));
                else if (v.elementType() == GgufType::Float32 || v.elementType() == GgufType::Float64)
                    e.items.push_back(QString::fromStdString(formatFloat(v.elementType(), v.doubleAt(i))));
                else if (tokenTypes)
                    e.items.push_back(withName(QString::number(v.intAt(i)), tokenTypeName(v.intAt(i))));
                else
                    e.items.push_back(QString::number(v.intAt(i)));
            }
        } else if (v.isString()) {
            e.type = QStringLiteral("string");
            e.fullText = QString::fromUtf8(v.toString().data(), static_cast<qsizetype>(v.toString().size()));
            e.value =
                e.fullText.size() > 120
                    ? e.fullText.left(117).replace(QLatin1Char('\n'), QChar(0x21B5)) + QStringLiteral("…")
                    : QString(e.fullText).replace(QLatin1Char('\n'), QChar(0x21B5));
        } else {
            e.type = QLatin1String(ggufTypeName(v.type));
            e.value = QString::fromStdString(describeMetadataValue(file, kv.key, v));
        }
        s.metadata.push_back(std::move(e));
    }

    QMap<QString, TypeBytes> perType;
    const auto& tensors = file.tensors();
    for (size_t i = 0; i < tensors.size(); ++i) {
        const GgufTensorInfo& t = tensors[i];
        TensorEntry e;
        e.index = static_cast<int>(i);
        e.name = QString::fromStdString(t.name);
        e.type = QLatin1String(typeName(t.type));
        e.quantized = typeTraits(t.type).quantized;
        e.dequantizable = typeTraits(t.type).dequantize != nullptr;
        e.nDims = static_cast<int>(t.nDims);
        e.ne = t.ne;
        e.rowLength = t.rowLength();
        e.rows = t.rows();
        e.elements = static_cast<uint64_t>(t.elements());
        e.bytes = t.bytes;
        e.offset = t.offset;
        e.shape = QString::fromStdString(t.shapeString());
        s.parameters += e.elements;
        s.tensorBytes += e.bytes;
        TypeBytes& tb = perType[e.type];
        tb.type = e.type;
        tb.bytes += e.bytes;
        tb.elements += e.elements;
        s.tensors.push_back(std::move(e));
    }
    s.bitsPerWeight =
        s.parameters ? 8.0 * static_cast<double>(s.tensorBytes) / static_cast<double>(s.parameters) : 0;
    for (const TypeBytes& tb : perType)
        s.bytesPerType.push_back(tb);
    s.fileType = QString::fromStdString(fileTypeSummary(file));
    std::sort(s.bytesPerType.begin(), s.bytesPerType.end(),
              [](const TypeBytes& a, const TypeBytes& b) { return a.bytes > b.bytes; });
    return s;
}

} // namespace realm::ui
