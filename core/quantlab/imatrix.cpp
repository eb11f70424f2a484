#include "quantlab/imatrix.h"

#include "gguf/gguf_file.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

namespace realm {

namespace {
constexpr std::string_view kSums = ".in_sum2", kCounts = ".counts";

bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void checkFinite(const std::string& path, const ImatrixEntry& e) {
    for (size_t i = 0; i < e.sums.size(); ++i)
        if (!std::isfinite(e.sums[i]))
            throw Error(path + ": entry " + e.name + " holds a non-finite value at index " +
                        std::to_string(i));
}

// Reads a legacy file: int32 count, then per entry int32 name length, name, int32 calls,
// int32 values, float[values]; optionally int32 chunks, int32 length and the dataset name.
Imatrix readLegacy(const std::string& path, const std::string& bytes) {
    size_t pos = 0;
    const auto need = [&](size_t n, const std::string& what) {
        if (bytes.size() - pos < n)
            throw Error(path + ": truncated at offset " + std::to_string(pos) + " (reading " + what + ")");
    };
    const auto int32 = [&](const std::string& what) {
        need(4, what);
        int32_t v;
        std::memcpy(&v, bytes.data() + pos, 4);
        pos += 4;
        return v;
    };
    Imatrix m;
    m.legacy = true;
    const int32_t n = int32("the entry count");
    if (n < 1) throw Error(path + ": not an importance matrix (no entries, and no GGUF header)");
    for (int32_t i = 0; i < n; ++i) {
        const std::string which = "entry " + std::to_string(i + 1);
        const int32_t length = int32(which + "'s name length");
        if (length < 1 || length > 4096)
            throw Error(path + ": " + which + " has a name length of " + std::to_string(length) +
                        " at offset " + std::to_string(pos - 4));
        need(static_cast<size_t>(length), which + "'s name");
        ImatrixEntry e;
        e.name.assign(bytes.data() + pos, static_cast<size_t>(length));
        pos += static_cast<size_t>(length);
        const int32_t calls = int32(e.name + "'s call count");
        const int32_t values = int32(e.name + "'s value count");
        if (values < 1 || calls < 0)
            throw Error(path + ": entry " + e.name + " has " + std::to_string(values) + " values and " +
                        std::to_string(calls) + " calls");
        need(static_cast<size_t>(values) * 4, e.name + "'s values");
        e.sums.resize(static_cast<size_t>(values));
        std::memcpy(e.sums.data(), bytes.data() + pos, e.sums.size() * 4);
        pos += e.sums.size() * 4;
        e.counts = {calls};
        checkFinite(path, e);
        m.entries.push_back(std::move(e));
    }
    if (bytes.size() - pos >= 4) {
        m.chunkCount = int32("the chunk count");
        if (bytes.size() - pos >= 4) {
            const int32_t length = int32("the dataset name length");
            if (length > 0 && bytes.size() - pos >= static_cast<size_t>(length))
                m.datasets.emplace_back(bytes.data() + pos, static_cast<size_t>(length));
        }
    }
    return m;
}

std::vector<float> floatsOf(const std::string& path, const GgufTensorInfo& t) {
    if (t.type != GgmlType::F32)
        throw Error(path + ": tensor " + t.name + " is " + typeName(t.type) +
                    ", an importance matrix holds F32");
    std::vector<float> v(static_cast<size_t>(t.elements()));
    std::memcpy(v.data(), t.data, v.size() * sizeof(float));
    return v;
}

Imatrix readGguf(const std::string& path) {
    const auto file = GgufFile::open(path);
    Imatrix m;
    if (const GgufValue* d = file->find("imatrix.datasets");
        d && d->isArray() && d->elementType() == GgufType::String)
        for (uint64_t i = 0; i < d->size(); ++i)
            m.datasets.emplace_back(d->stringAt(i));
    m.chunkCount = file->getInt("imatrix.chunk_count", 0);
    m.chunkSize = file->getInt("imatrix.chunk_size", 0);
    std::map<std::string, std::pair<const GgufTensorInfo*, const GgufTensorInfo*>> parts;
    for (const GgufTensorInfo& t : file->tensors()) {
        if (endsWith(t.name, kSums))
            parts[t.name.substr(0, t.name.size() - kSums.size())].first = &t;
        else if (endsWith(t.name, kCounts))
            parts[t.name.substr(0, t.name.size() - kCounts.size())].second = &t;
    }
    if (parts.empty()) throw Error(path + ": no importance matrix entries (no *.in_sum2 / *.counts tensors)");
    for (const auto& [name, sumsAndCounts] : parts) {
        const auto [sums, counts] = sumsAndCounts;
        if (!sums || !counts)
            throw Error(path + ": entry " + name + " has " + (sums ? "no .counts" : "no .in_sum2") +
                        " tensor");
        ImatrixEntry e;
        e.name = name;
        e.sums = floatsOf(path, *sums);
        for (float c : floatsOf(path, *counts)) {
            if (!(c >= 0)) throw Error(path + ": entry " + name + " has a count of " + std::to_string(c));
            e.counts.push_back(std::lround(c));
        }
        if (e.counts.empty() || e.sums.size() % e.counts.size() != 0)
            throw Error(path + ": entry " + name + " has " + std::to_string(e.sums.size()) + " sums for " +
                        std::to_string(e.counts.size()) + " counts");
        checkFinite(path, e);
        m.entries.push_back(std::move(e));
    }
    return m;
}
} // namespace

std::vector<float> ImatrixEntry::importance(bool legacy) const {
    std::vector<float> v(sums.size());
    if (legacy) {
        const int64_t calls = counts.empty() ? 0 : counts[0];
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = calls > 0 ? sums[i] / static_cast<float>(calls) : sums[i];
        return v;
    }
    const auto n = static_cast<size_t>(rowLength());
    for (size_t m = 0; m < counts.size(); ++m)
        for (size_t i = m * n; i < (m + 1) * n; ++i)
            v[i] = counts[m] > 0 ? sums[i] / static_cast<float>(counts[m]) : 1.f;
    return v;
}

const ImatrixEntry* Imatrix::find(const std::string& name) const {
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const ImatrixEntry& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

Imatrix readImatrix(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open importance matrix");
    char magic[4] = {};
    in.read(magic, 4);
    Imatrix m;
    if (in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0) {
        m = readGguf(path);
    } else {
        in.clear();
        in.seekg(0);
        m = readLegacy(path,
                       std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    m.path = path;
    return m;
}

ImatrixStats imatrixStats(const ImatrixEntry& e) {
    ImatrixStats s;
    const auto n = static_cast<size_t>(e.rowLength());
    std::vector<float> act;
    for (size_t m = 0; m < e.counts.size(); ++m)
        if (e.counts[m] > 0)
            for (size_t i = m * n; i < (m + 1) * n; ++i)
                act.push_back(e.sums[i] / static_cast<float>(e.counts[m]));
    if (act.empty()) return s;
    s.values = static_cast<int64_t>(act.size());
    double sum2 = 0;
    int64_t inactive = 0;
    for (float a : act) {
        s.sum += a;
        sum2 += static_cast<double>(a) * a;
        inactive += std::fabs(a) <= 1e-5f ? 1 : 0;
    }
    const auto [lo, hi] = std::minmax_element(act.begin(), act.end());
    s.min = *lo;
    s.max = *hi;
    s.mean = s.sum / static_cast<double>(act.size());
    s.std = std::sqrt(std::max(0.0, sum2 / static_cast<double>(act.size()) - s.mean * s.mean));
    s.active = 1 - static_cast<double>(inactive) / static_cast<double>(act.size());
    int64_t above = 0;
    for (float a : act) {
        if (s.sum > 0 && a > 0) s.entropy -= a / s.sum * std::log2(a / s.sum);
        if (s.std > 0 && (a - s.mean) / s.std > 1) ++above;
    }
    s.zd = static_cast<double>(above) / static_cast<double>(act.size());
    return s;
}

} // namespace realm
