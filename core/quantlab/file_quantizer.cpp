#include "quantlab/file_quantizer.h"

#include "compute/thread_pool.h"
#include "gguf/gguf_writer.h"
#include "quant/quantize.h"

#include <algorithm>
#include <string_view>

namespace realm {

namespace {
constexpr uint32_t kQuantizationVersion = 2; // ggml's GGML_QNT_VERSION
constexpr int64_t kBlockElements = 1 << 16;  // floats a thread converts at a time

// Keys llama-quantize sets itself or drops (the output is one file with 32-byte alignment).
bool rewrittenKey(std::string_view key) {
    return key == "general.file_type" || key == "general.quantization_version" ||
           key == "general.alignment" || key == "split.no" || key == "split.count" ||
           key == "split.tensors.count";
}

bool convertible(GgmlType t) {
    return t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16;
}

// The columns' importance for tensor t, as llama-quantize looks it up: none when the matrix has
// no entry or (for the token embedding only) one of another size.
std::vector<float> importanceFor(const Imatrix& m, const GgufTensorInfo& t, GgmlType to) {
    const ImatrixEntry* e = m.find(t.name);
    if (!e) return {};
    const auto expected = static_cast<size_t>(t.ne[0] * t.ne[2]);
    if (e->sums.size() != expected) {
        if (t.name == "token_embd.weight" || t.name == "per_layer_token_embd.weight") return {};
        throw Error("the importance matrix has " + std::to_string(e->sums.size()) + " values for " + t.name +
                    ", which needs " + std::to_string(expected));
    }
    if (!hasWeightedQuantizer(to))
        throw Error(std::string("quantizing ") + t.name + " to " + typeName(to) +
                    " with an importance matrix is not supported");
    return e->importance(m.legacy);
}

// What llama-quantize records about the matrix it used (strings cut at 127 bytes, as it does).
void addImatrixKeys(GgufWriter& out, const Imatrix& m) {
    out.addString("quantize.imatrix.file", m.path.substr(0, 127));
    if (!m.datasets.empty()) out.addString("quantize.imatrix.dataset", m.datasets[0].substr(0, 127));
    out.addUInt32("quantize.imatrix.entries_count", static_cast<uint32_t>(m.entries.size()));
    if (m.chunkCount > 0) out.addUInt32("quantize.imatrix.chunks_count", static_cast<uint32_t>(m.chunkCount));
}

std::vector<int64_t> shapeOf(const GgufTensorInfo& t) {
    return std::vector<int64_t>(t.ne.begin(), t.ne.begin() + t.nDims);
}
} // namespace

QuantizeReport planQuantization(const GgufFile& in, const QuantFileType& fileType, bool withImatrix) {
    const std::vector<GgmlType> types = planTensorTypes(in, fileType, withImatrix);
    QuantizeReport report;
    for (size_t i : llamaTensorOrder(in)) {
        const GgufTensorInfo& t = in.tensors()[i];
        const uint64_t bytesOut =
            static_cast<uint64_t>(rowBytes(types[i], t.ne[0])) * static_cast<uint64_t>(t.rows());
        report.tensors.push_back({t.name, t.type, types[i], t.bytes, bytesOut});
        report.bytesIn += t.bytes;
        report.bytesOut += bytesOut;
    }
    return report;
}

QuantizeReport quantizeFile(const GgufFile& in, const std::string& outPath, const QuantFileType& fileType,
                            ThreadPool* pool, const JobControl* control, const Imatrix* imatrix) {
    QuantizeReport report = planQuantization(in, fileType, imatrix != nullptr);
    GgufWriter out;
    for (const GgufKeyValue& kv : in.metadata())
        if (!rewrittenKey(kv.key)) out.addValue(kv.key, kv.value);
    out.addUInt32("general.quantization_version", kQuantizationVersion);
    out.addUInt32("general.file_type", fileType.ftype);
    if (imatrix) addImatrixKeys(out, *imatrix);
    std::vector<const GgufTensorInfo*> sources;
    std::vector<std::vector<float>> importance; // per written tensor; empty: unweighted
    for (const QuantizedTensor& q : report.tensors) {
        const GgufTensorInfo& t = *in.findTensor(q.name);
        if (q.to != t.type && !convertible(t.type))
            throw Error(in.path() + ": tensor " + t.name + " is " + typeName(t.type) +
                        "; quantize needs F32, F16 or BF16 weights (requantizing loses precision twice)");
        out.declareTensor(t.name, q.to, shapeOf(t));
        sources.push_back(&t);
        importance.push_back(q.to != t.type && imatrix ? importanceFor(*imatrix, t, q.to)
                                                       : std::vector<float>());
    }

    uint64_t done = 0;
    std::vector<std::vector<float>> scratch(static_cast<size_t>(pool ? pool->size() : 1));
    out.write(outPath, [&](size_t index, int64_t firstRow, int64_t rows, uint8_t* dst) {
        if (cancelled(control))
            throw QuantizeCancelled("quantize cancelled: " + outPath + " was not written");
        const GgufTensorInfo& t = *sources[index];
        const GgmlType to = report.tensors[index].to;
        const uint8_t* src = t.data + static_cast<uint64_t>(firstRow) * t.rowBytes();
        const int64_t rowLength = t.rowLength();
        if (to == t.type) {
            std::copy(src, src + static_cast<uint64_t>(rows) * t.rowBytes(), dst);
        } else {
            const int64_t outStride = rowBytes(to, rowLength);
            const int64_t blockRows = std::max<int64_t>(1, kBlockElements / rowLength);
            const std::vector<float>& weights = importance[index];
            // Each thread converts blocks of rows through its own float buffer.
            const auto convert = [&](int64_t begin, int64_t end, int thread) {
                std::vector<float>& f = scratch[static_cast<size_t>(thread)];
                f.resize(static_cast<size_t>(blockRows * rowLength));
                for (int64_t r = begin; r < end; r += blockRows) {
                    if (cancelled(control)) return;
                    const int64_t n = std::min(blockRows, end - r);
                    dequantizeRows(t.type, src + static_cast<uint64_t>(r) * t.rowBytes(), f.data(), rowLength,
                                   n);
                    if (weights.empty()) {
                        quantizeRows(to, f.data(), dst + r * outStride, rowLength, n);
                        continue;
                    }
                    for (int64_t k = 0; k < n; ++k) { // an MoE tensor's experts each have their own
                        const int64_t expert = (firstRow + r + k) / t.ne[1];
                        quantizeRowsWeighted(to, f.data() + k * rowLength, dst + (r + k) * outStride,
                                             rowLength, 1, weights.data() + expert * rowLength);
                    }
                }
            };
            if (pool)
                pool->parallelFor(rows, convert, blockRows);
            else
                convert(0, rows, 0);
            if (cancelled(control))
                throw QuantizeCancelled("quantize cancelled: " + outPath + " was not written");
        }
        done += static_cast<uint64_t>(rows) * t.rowBytes();
        if (control)
            control->progress(report.bytesIn ? static_cast<double>(done) / static_cast<double>(report.bytesIn)
                                             : 1.0);
    });
    return report;
}

} // namespace realm
