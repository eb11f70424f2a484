#include "gguf/gguf_writer.h"

#include "util/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace realm {

template <typename T> void GgufWriter::put(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    kv_.insert(kv_.end(), b, b + sizeof(T));
}

void GgufWriter::putString(std::string_view s) {
    put<uint64_t>(s.size());
    kv_.insert(kv_.end(), s.begin(), s.end());
}

void GgufWriter::beginKey(std::string_view key, GgufType type) {
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end())
        throw Error("GGUF writer: duplicate metadata key '" + std::string(key) + "'");
    keys_.emplace_back(key);
    ++kvCount_;
    putString(key);
    put<uint32_t>(static_cast<uint32_t>(type));
}

void GgufWriter::setAlignment(uint64_t alignment) {
    if (alignment == 0 || (alignment & (alignment - 1)))
        throw Error("GGUF writer: alignment must be a power of two");
    alignment_ = alignment;
    if (alignment != 32) addUInt32("general.alignment", static_cast<uint32_t>(alignment));
}

void GgufWriter::addString(std::string_view key, std::string_view value) {
    beginKey(key, GgufType::String);
    putString(value);
}
void GgufWriter::addBool(std::string_view key, bool value) {
    beginKey(key, GgufType::Bool);
    put<uint8_t>(value ? 1 : 0);
}
void GgufWriter::addUInt32(std::string_view key, uint32_t value) {
    beginKey(key, GgufType::UInt32);
    put(value);
}
void GgufWriter::addInt32(std::string_view key, int32_t value) {
    beginKey(key, GgufType::Int32);
    put(value);
}
void GgufWriter::addUInt64(std::string_view key, uint64_t value) {
    beginKey(key, GgufType::UInt64);
    put(value);
}
void GgufWriter::addFloat32(std::string_view key, float value) {
    beginKey(key, GgufType::Float32);
    put(value);
}
void GgufWriter::addFloat64(std::string_view key, double value) {
    beginKey(key, GgufType::Float64);
    put(value);
}
void GgufWriter::addStringArray(std::string_view key, const std::vector<std::string>& values) {
    beginKey(key, GgufType::Array);
    put<uint32_t>(static_cast<uint32_t>(GgufType::String));
    put<uint64_t>(values.size());
    for (const auto& s : values)
        putString(s);
}
void GgufWriter::addFloat32Array(std::string_view key, const std::vector<float>& values) {
    beginKey(key, GgufType::Array);
    put<uint32_t>(static_cast<uint32_t>(GgufType::Float32));
    put<uint64_t>(values.size());
    for (float f : values)
        put(f);
}
void GgufWriter::addInt32Array(std::string_view key, const std::vector<int32_t>& values) {
    beginKey(key, GgufType::Array);
    put<uint32_t>(static_cast<uint32_t>(GgufType::Int32));
    put<uint64_t>(values.size());
    for (int32_t v : values)
        put(v);
}

void GgufWriter::appendValue(const GgufValue& value) {
    switch (value.type) {
    case GgufType::String:
        putString(value.toString());
        break;
    case GgufType::Array: {
        put<uint32_t>(static_cast<uint32_t>(value.elementType()));
        put<uint64_t>(value.size());
        for (uint64_t i = 0; i < value.size(); ++i) {
            switch (value.elementType()) {
            case GgufType::String:
                putString(value.stringAt(i));
                break;
            case GgufType::Array:
                appendValue(value.arrayAt(i));
                break;
            case GgufType::Float32:
                put<float>(static_cast<float>(value.doubleAt(i)));
                break;
            case GgufType::Float64:
                put<double>(value.doubleAt(i));
                break;
            default: {
                const uint64_t bits = static_cast<uint64_t>(value.intAt(i));
                uint8_t b[8];
                std::memcpy(b, &bits, 8);
                kv_.insert(kv_.end(), b, b + ggufScalarSize(value.elementType()));
            }
            }
        }
        break;
    }
    case GgufType::Float32:
        put<float>(static_cast<float>(value.toDouble()));
        break;
    case GgufType::Float64:
        put<double>(value.toDouble());
        break;
    default: {
        const uint64_t bits = value.toUInt();
        uint8_t b[8];
        std::memcpy(b, &bits, 8);
        kv_.insert(kv_.end(), b, b + ggufScalarSize(value.type));
    }
    }
}

void GgufWriter::addValue(std::string_view key, const GgufValue& value) {
    if (key == "general.alignment") {
        setAlignment(value.toUInt());
        return;
    }
    beginKey(key, value.type);
    appendValue(value);
}

void GgufWriter::checkNewTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne,
                                uint64_t bytes) const {
    if (ne.empty() || ne.size() > 4)
        throw Error("GGUF writer: tensor '" + std::string(name) + "' needs 1 to 4 dims");
    int64_t rows = 1;
    for (size_t i = 1; i < ne.size(); ++i)
        rows *= ne[i];
    const uint64_t expected = static_cast<uint64_t>(rowBytes(type, ne[0]) * rows);
    if (ne[0] % typeTraits(type).blockSize != 0 || bytes != expected)
        throw Error("GGUF writer: tensor '" + std::string(name) + "' has " + std::to_string(bytes) +
                    " bytes, its shape and type need " + std::to_string(expected));
    for (const auto& t : tensors_)
        if (t.name == name) throw Error("GGUF writer: duplicate tensor name '" + std::string(name) + "'");
}

void GgufWriter::addTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne,
                           std::vector<uint8_t> data) {
    checkNewTensor(name, type, ne, data.size());
    const uint64_t bytes = data.size();
    tensors_.push_back({std::string(name), type, ne, std::move(data), bytes, false});
}

void GgufWriter::declareTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne) {
    int64_t rows = 1;
    for (size_t i = 1; i < ne.size(); ++i)
        rows *= ne[i];
    const uint64_t bytes = ne.empty() ? 0 : static_cast<uint64_t>(rowBytes(type, ne[0]) * rows);
    checkNewTensor(name, type, ne, bytes);
    tensors_.push_back({std::string(name), type, ne, {}, bytes, true});
}

void GgufWriter::addTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne,
                           const void* data, uint64_t bytes) {
    const auto* p = static_cast<const uint8_t*>(data);
    addTensor(name, type, ne, std::vector<uint8_t>(p, p + bytes));
}

void GgufWriter::write(const std::string& path, const TensorFill& fill) const {
    std::vector<uint8_t> header;
    auto append = [&](const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        header.insert(header.end(), b, b + n);
    };
    auto appendU32 = [&](uint32_t v) { append(&v, 4); };
    auto appendU64 = [&](uint64_t v) { append(&v, 8); };
    append("GGUF", 4);
    appendU32(3);
    appendU64(tensors_.size());
    appendU64(kvCount_);
    header.insert(header.end(), kv_.begin(), kv_.end());

    auto alignUp = [&](uint64_t x) { return (x + alignment_ - 1) / alignment_ * alignment_; };
    uint64_t offset = 0;
    std::vector<uint64_t> offsets;
    for (const auto& t : tensors_) {
        appendU64(t.name.size());
        append(t.name.data(), t.name.size());
        appendU32(static_cast<uint32_t>(t.ne.size()));
        for (int64_t d : t.ne)
            appendU64(static_cast<uint64_t>(d));
        appendU32(static_cast<uint32_t>(t.type));
        appendU64(offset);
        offsets.push_back(offset);
        offset = alignUp(offset + t.bytes);
    }
    header.resize(alignUp(header.size()), 0);

    const std::string tmp = path + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(path + ": cannot write: " + std::strerror(errno));
    bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
    const std::vector<uint8_t> zeros(alignment_, 0);
    std::vector<uint8_t> chunk;
    uint64_t end = header.size(); // file size once everything is written
    try {
        for (size_t i = 0; ok && i < tensors_.size(); ++i) {
            const Tensor& t = tensors_[i];
            end = header.size() + offsets[i] + t.bytes;
            if (!t.declared) {
                ok = std::fwrite(t.data.data(), 1, t.bytes, f) == t.bytes;
            } else if (!fill) {
                ok = std::fseek(f, static_cast<long>(end), SEEK_SET) == 0; // a hole up to here
            } else {
                const int64_t stride = rowBytes(t.type, t.ne[0]);
                const int64_t rows = static_cast<int64_t>(t.bytes) / stride;
                const int64_t rowsPerChunk =
                    std::max<int64_t>(1, static_cast<int64_t>(kFillChunkBytes) / stride);
                for (int64_t r = 0; ok && r < rows; r += rowsPerChunk) {
                    const int64_t n = std::min(rowsPerChunk, rows - r);
                    chunk.resize(static_cast<size_t>(n * stride));
                    fill(i, r, n, chunk.data());
                    ok = std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
                }
            }
            const uint64_t pad = alignUp(offsets[i] + t.bytes) - (offsets[i] + t.bytes);
            if (ok && i + 1 < tensors_.size() && pad) ok = std::fwrite(zeros.data(), 1, pad, f) == pad;
        }
    } catch (...) {
        std::fclose(f);
        std::remove(tmp.c_str());
        throw;
    }
    // A trailing hole is only part of the file once its size says so.
    ok = ok && std::fflush(f) == 0 && ::ftruncate(fileno(f), static_cast<off_t>(end)) == 0;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(path + ": write failed: " + std::strerror(err));
    }
}

} // namespace realm
