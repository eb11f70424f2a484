#include "quantlab/tensor_compare.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace realm {

namespace {
constexpr int64_t kBlockElements = 1 << 18; // floats per side dequantized at a time (1 MiB)

// The first way B does not fit A, or "" when every tensor can be compared.
std::string firstMismatch(const GgufFile& a, const GgufFile& b) {
    if (a.architecture() != b.architecture())
        return "different architectures: " + a.path() + " is '" + a.architecture() + "', " + b.path() +
               " is '" + b.architecture() + "'";
    for (const GgufTensorInfo& t : a.tensors()) {
        const GgufTensorInfo* other = b.findTensor(t.name);
        if (!other) return "tensor " + t.name + " of " + a.path() + " is missing from " + b.path();
        if (other->nDims != t.nDims || other->ne != t.ne)
            return "tensor " + t.name + " has shape " + t.shapeString() + " in " + a.path() + " but " +
                   other->shapeString() + " in " + b.path();
    }
    if (b.tensors().size() != a.tensors().size()) {
        std::unordered_set<std::string> names;
        for (const GgufTensorInfo& t : a.tensors())
            names.insert(t.name);
        for (const GgufTensorInfo& t : b.tensors())
            if (!names.count(t.name))
                return "tensor " + t.name + " of " + b.path() + " is missing from " + a.path();
    }
    return {};
}
} // namespace

TensorDifference compareTensors(const GgufTensorInfo& a, const GgufTensorInfo& b, std::vector<float>* rowRmse,
                                const JobControl* control) {
    TensorDifference d;
    d.name = a.name;
    d.typeA = a.type;
    d.typeB = b.type;
    d.ne = a.ne;
    d.nDims = a.nDims;
    d.elements = a.elements();
    const int64_t rowLength = a.rowLength(), rows = a.rows();
    const int64_t blockRows = std::max<int64_t>(1, kBlockElements / std::max<int64_t>(1, rowLength));
    std::vector<float> va(static_cast<size_t>(blockRows * rowLength)), vb(va.size());
    if (rowRmse) rowRmse->assign(static_cast<size_t>(rows), 0.f);
    double sumSq = 0, dot = 0, normA = 0, normB = 0;
    for (int64_t first = 0; first < rows; first += blockRows) {
        if (cancelled(control)) break;
        const int64_t n = std::min(blockRows, rows - first);
        dequantizeRows(a.type, a.data + static_cast<uint64_t>(first) * a.rowBytes(), va.data(), rowLength, n);
        dequantizeRows(b.type, b.data + static_cast<uint64_t>(first) * b.rowBytes(), vb.data(), rowLength, n);
        for (int64_t r = 0; r < n; ++r) {
            double rowSq = 0;
            for (int64_t i = r * rowLength; i < (r + 1) * rowLength; ++i) {
                const double x = va[static_cast<size_t>(i)], y = vb[static_cast<size_t>(i)];
                const double e = y - x;
                rowSq += e * e;
                d.maxAbsError = std::max(d.maxAbsError, std::abs(e));
                dot += x * y;
                normA += x * x;
                normB += y * y;
            }
            sumSq += rowSq;
            if (rowRmse)
                (*rowRmse)[static_cast<size_t>(first + r)] = static_cast<float>(std::sqrt(rowSq / rowLength));
        }
    }
    d.rmse = d.elements > 0 ? std::sqrt(sumSq / static_cast<double>(d.elements)) : 0;
    if (normA > 0 && normB > 0)
        d.cosine = dot / (std::sqrt(normA) * std::sqrt(normB));
    else if (normA > 0 || normB > 0)
        d.cosine = 0;
    if (normA > 0)
        d.relativeError = std::sqrt(sumSq / normA);
    else if (sumSq > 0)
        d.relativeError = INFINITY;
    return d;
}

FileComparison compareFiles(const GgufFile& a, const GgufFile& b, const JobControl* control) {
    if (const std::string mismatch = firstMismatch(a, b); !mismatch.empty()) throw Error(mismatch);
    uint64_t total = 0, done = 0;
    for (const GgufTensorInfo& t : a.tensors())
        total += t.bytes;
    FileComparison r;
    for (const GgufTensorInfo& t : a.tensors()) {
        if (cancelled(control)) {
            r.cancelled = true;
            break;
        }
        r.tensors.push_back(compareTensors(t, *b.findTensor(t.name), nullptr, control));
        if (cancelled(control)) { // stopped inside the tensor: its figures are partial
            r.tensors.pop_back();
            r.cancelled = true;
            break;
        }
        done += t.bytes;
        if (control) control->progress(total ? static_cast<double>(done) / static_cast<double>(total) : 1.0);
    }
    return r;
}

} // namespace realm
