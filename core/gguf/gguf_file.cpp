#include "gguf/gguf_file.h"

#include "util/checked_math.h"
#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

namespace realm {

namespace {
constexpr int kMaxArrayDepth = 8;
constexpr uint32_t kMaxDims = 4;

std::string describeNonGguf(const uint8_t* p, uint64_t size) {
    auto startsWith = [&](std::string_view s) {
        return size >= s.size() && std::memcmp(p, s.data(), s.size()) == 0;
    };
    uint64_t skip = 0;
    while (skip < size && skip < 64 &&
           (p[skip] == ' ' || p[skip] == '\n' || p[skip] == '\r' || p[skip] == '\t'))
        ++skip;
    auto startsWithCaseless = [&](std::string_view s) {
        if (size - skip < s.size()) return false;
        for (size_t i = 0; i < s.size(); ++i)
            if (std::tolower(p[skip + i]) != s[i]) return false;
        return true;
    };
    if (startsWith("version https://git-lfs"))
        return "this is a Git LFS pointer file, not the model (fetch the real file with git lfs pull)";
    if (startsWithCaseless("<!doctype html") || startsWithCaseless("<html") || startsWithCaseless("<head") ||
        startsWithCaseless("<?xml") || startsWithCaseless("<!--"))
        return "this is an HTML page, not a GGUF model (the download saved a web page)";
    if (startsWithCaseless("{")) return "this is a JSON or text file, not a GGUF model";
    if (startsWith("FUGG")) return "big-endian GGUF files are not supported";
    if (startsWith("lmgg") || startsWith("fmgg") || startsWith("tjgg") || startsWith("GGML") ||
        startsWith("GGJT"))
        return "this is a pre-GGUF ggml/GGJT file; convert it to GGUF first";
    if (startsWith("PK\x03\x04")) return "this is a ZIP archive (a PyTorch checkpoint?), not a GGUF model";
    if (size >= 8) {
        uint64_t headerLen;
        std::memcpy(&headerLen, p, 8);
        if (headerLen < size && size > 9 && p[8] == '{')
            return "this is a safetensors file, not a GGUF model";
    }
    if (size < 4)
        return "not a GGUF file: only " + std::to_string(size) + " bytes, too short for the GGUF magic";
    char magic[32];
    std::snprintf(magic, sizeof magic, "%02x %02x %02x %02x", p[0], p[1], p[2], p[3]);
    return std::string("not a GGUF file: the magic bytes are ") + magic + ", expected 47 47 55 46 (\"GGUF\")";
}
} // namespace

// Thrown inside the parser when a read goes past the bytes at hand but not past the file.
struct NeedMoreBytes {
    uint64_t end;
};

// Reads the header with a cursor that never moves past the bytes at hand: the mapping, or the
// first `available` bytes of a file of `size` bytes (then it asks for more).
class GgufParser {
  public:
    GgufParser(GgufFile& file, const GgufOpenOptions& options, const uint8_t* base, uint64_t available)
        : file_(file), options_(options), base_(base), available_(available), size_(file.fileSize_) {}

    void parse() {
        if (size_ >= 4 && available_ < std::min<uint64_t>(size_, 64))
            throw NeedMoreBytes{std::min<uint64_t>(size_, 64)};
        if (size_ < 4 || std::memcmp(base_, "GGUF", 4) != 0) fail(0, describeNonGguf(base_, available_));
        pos_ = 4;
        const uint32_t version = readU32("version");
        if (version == 1) fail(4, "GGUF version 1 is not supported (only versions 2 and 3)");
        if (version != 2 && version != 3) {
            if (version > 0xffff && ((version >> 24) == 2 || (version >> 24) == 3))
                fail(4, "big-endian GGUF files are not supported");
            fail(4, "unsupported GGUF version " + std::to_string(version) + " (only versions 2 and 3)");
        }
        file_.version_ = version;
        const uint64_t tensorCountOffset = pos_;
        const uint64_t tensorCount = readU64("tensor count");
        const uint64_t kvCountOffset = pos_;
        const uint64_t kvCount = readU64("metadata key count");
        // Each key-value pair takes at least 8 + 4 + 1 bytes and each tensor info at least 8 + 4 + 8 + 4 + 8.
        if (kvCount > remaining() / 13)
            fail(kvCountOffset,
                 "metadata key count " + std::to_string(kvCount) + " is larger than the file can hold");
        if (tensorCount > remaining() / 32)
            fail(tensorCountOffset,
                 "tensor count " + std::to_string(tensorCount) + " is larger than the file can hold");

        file_.metadata_.reserve(kvCount);
        for (uint64_t i = 0; i < kvCount; ++i) {
            checkpoint();
            const uint64_t keyOffset = pos_;
            std::string_view key = readString("metadata key");
            if (key.empty()) fail(keyOffset, "empty metadata key");
            if (file_.keyIndex_.count(key))
                fail(keyOffset, "duplicate metadata key '" + std::string(key) + "'");
            const uint64_t typeOffset = pos_;
            const uint32_t type = readU32("value type of '" + std::string(key) + "'");
            GgufKeyValue kv{key, readValue(type, typeOffset, std::string(key), 0), keyOffset};
            file_.keyIndex_.emplace(key, file_.metadata_.size());
            file_.metadata_.push_back(std::move(kv));
        }

        if (const GgufValue* a = file_.find("general.alignment")) {
            const uint64_t off = file_.metadata_[file_.keyIndex_.at("general.alignment")].offset;
            if (!a->isNumber() || a->type == GgufType::Float32 || a->type == GgufType::Float64)
                fail(off, "general.alignment must be an integer");
            const uint64_t alignment = a->toUInt();
            if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > (1u << 20))
                fail(off,
                     "general.alignment " + std::to_string(alignment) + " is not a power of two up to 1 MiB");
            file_.alignment_ = alignment;
        }

        file_.tensors_.reserve(tensorCount);
        std::vector<uint64_t> infoOffsets;
        for (uint64_t i = 0; i < tensorCount; ++i) {
            if ((i & 255) == 0) checkpoint();
            infoOffsets.push_back(pos_);
            readTensorInfo();
        }

        checkpoint();
        const uint64_t headerEnd = pos_;
        const auto dataOffset = checkedAdd(headerEnd, file_.alignment_ - 1);
        if (!dataOffset) fail(headerEnd, "header size overflows");
        file_.dataOffset_ = *dataOffset / file_.alignment_ * file_.alignment_;
        if (tensorCount > 0 && file_.dataOffset_ > size_)
            fail(headerEnd, "truncated: the tensor data section would start at " +
                                std::to_string(file_.dataOffset_) + " but the file has " +
                                std::to_string(size_) + " bytes");

        // Place every tensor inside the file and check they do not overlap.
        std::vector<size_t> order(file_.tensors_.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        for (size_t i = 0; i < file_.tensors_.size(); ++i) {
            GgufTensorInfo& t = file_.tensors_[i];
            const uint64_t relative = t.offset;
            const auto begin = checkedAdd(file_.dataOffset_, relative);
            const auto end = begin ? checkedAdd(*begin, t.bytes) : std::nullopt;
            if (!end || *end > size_)
                fail(infoOffsets[i], "tensor '" + t.name + "' data [" + std::to_string(begin.value_or(0)) +
                                         ", " + (end ? std::to_string(*end) : std::string("overflow")) +
                                         ") lies outside the file (" + std::to_string(size_) +
                                         " bytes; truncated download?)");
            t.offset = *begin;
            t.data = file_.mapping_ ? base_ + t.offset : nullptr;
        }
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return file_.tensors_[a].offset < file_.tensors_[b].offset; });
        for (size_t k = 1; k < order.size(); ++k) {
            const GgufTensorInfo& prev = file_.tensors_[order[k - 1]];
            const GgufTensorInfo& cur = file_.tensors_[order[k]];
            if (prev.offset + prev.bytes > cur.offset)
                fail(infoOffsets[order[k]], "tensor '" + cur.name + "' data at offset " +
                                                std::to_string(cur.offset) + " overlaps tensor '" +
                                                prev.name + "' (which ends at " +
                                                std::to_string(prev.offset + prev.bytes) + ")");
        }
    }

  private:
    [[noreturn]] void fail(uint64_t offset, const std::string& what) const {
        throw Error(file_.path() + ": offset " + std::to_string(offset) + ": " + what);
    }

    uint64_t remaining() const { return size_ - pos_; }

    // Reports progress and stops when asked to (GgufOpenOptions::progress).
    void checkpoint() const {
        if (options_.progress && !options_.progress(pos_, size_))
            throw GgufOpenCancelled(file_.path() + ": loading was cancelled at offset " +
                                    std::to_string(pos_));
    }

    void need(uint64_t n, const std::string& what) const {
        if (n > remaining())
            fail(pos_, "truncated while reading " + what + " (need " + std::to_string(n) + " bytes, " +
                           std::to_string(remaining()) + " left)");
        if (n > available_ - pos_) throw NeedMoreBytes{pos_ + n};
    }

    template <typename T> T read(const std::string& what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, base_ + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    uint32_t readU32(const std::string& what) { return read<uint32_t>(what); }
    uint64_t readU64(const std::string& what) { return read<uint64_t>(what); }

    std::string_view readString(const std::string& what) {
        const uint64_t at = pos_;
        const uint64_t len = readU64(what + " length");
        if (len > remaining())
            fail(at, what + " length " + std::to_string(len) + " is longer than the rest of the file (" +
                         std::to_string(remaining()) + " bytes)");
        need(len, what);
        std::string_view s(reinterpret_cast<const char*>(base_ + pos_), len);
        pos_ += len;
        return s;
    }

    GgufValue readValue(uint32_t rawType, uint64_t typeOffset, const std::string& key, int depth) {
        if (rawType > static_cast<uint32_t>(GgufType::Float64))
            fail(typeOffset, "unknown value type " + std::to_string(rawType) + " for key '" + key + "'");
        GgufValue v;
        v.type = static_cast<GgufType>(rawType);
        if (v.type == GgufType::String) {
            v.string_ = readString("string value of '" + key + "'");
        } else if (v.type == GgufType::Array) {
            if (depth >= kMaxArrayDepth)
                fail(typeOffset, "arrays nested deeper than 8 levels in '" + key + "'");
            const uint64_t elemTypeOffset = pos_;
            const uint32_t elemType = readU32("array element type of '" + key + "'");
            if (elemType > static_cast<uint32_t>(GgufType::Float64))
                fail(elemTypeOffset,
                     "unknown array element type " + std::to_string(elemType) + " for key '" + key + "'");
            v.elementType_ = static_cast<GgufType>(elemType);
            const uint64_t countOffset = pos_;
            v.count_ = readU64("array length of '" + key + "'");
            const uint64_t scalar = ggufScalarSize(v.elementType_);
            const uint64_t minElement = scalar ? scalar : (v.elementType_ == GgufType::String ? 8 : 12);
            if (v.count_ > remaining() / minElement)
                fail(countOffset, "array '" + key + "' claims " + std::to_string(v.count_) +
                                      " elements, more than the rest of the file can hold");
            if (scalar) {
                need(v.count_ * scalar, "array '" + key + "'");
                v.elements_ = base_ + pos_;
                pos_ += v.count_ * scalar;
                if (v.elementType_ == GgufType::Bool) {
                    for (uint64_t i = 0; i < v.count_; ++i)
                        if (v.elements_[i] > 1)
                            fail(pos_ - v.count_ + i,
                                 "array '" + key + "' has a bool that is neither 0 nor 1");
                }
            } else if (v.elementType_ == GgufType::String) {
                v.strings_.reserve(v.count_);
                for (uint64_t i = 0; i < v.count_; ++i) {
                    if ((i & 4095) == 4095) checkpoint();
                    v.strings_.push_back(readString("string element of '" + key + "'"));
                }
            } else {
                v.arrays_.reserve(v.count_);
                for (uint64_t i = 0; i < v.count_; ++i) {
                    if ((i & 4095) == 4095) checkpoint();
                    v.arrays_.push_back(readValue(elemType, elemTypeOffset, key, depth + 1));
                }
            }
        } else {
            const uint64_t n = ggufScalarSize(v.type);
            need(n, "value of '" + key + "'");
            std::memcpy(&v.scalarBits_, base_ + pos_, n);
            if (v.type == GgufType::Bool && v.scalarBits_ > 1)
                fail(pos_, "bool value of '" + key + "' is neither 0 nor 1");
            pos_ += n;
        }
        return v;
    }

    void readTensorInfo() {
        const uint64_t at = pos_;
        std::string name(readString("tensor name"));
        if (name.empty()) fail(at, "empty tensor name");
        if (name.size() > 256) fail(at, "tensor name longer than 256 bytes");
        const uint64_t dimsOffset = pos_;
        GgufTensorInfo t;
        t.name = name;
        t.nDims = readU32("dimension count of tensor '" + name + "'");
        if (t.nDims == 0 || t.nDims > kMaxDims)
            fail(dimsOffset,
                 "tensor '" + name + "' has " + std::to_string(t.nDims) + " dimensions (1 to 4 allowed)");
        uint64_t elements = 1;
        for (uint32_t d = 0; d < t.nDims; ++d) {
            const uint64_t neOffset = pos_;
            const uint64_t ne = readU64("dimension of tensor '" + name + "'");
            if (ne == 0 || ne > static_cast<uint64_t>(INT64_MAX))
                fail(neOffset,
                     "tensor '" + name + "' dimension " + std::to_string(d) + " is " + std::to_string(ne));
            const auto product = checkedMul(elements, ne);
            if (!product || *product > static_cast<uint64_t>(INT64_MAX))
                fail(neOffset,
                     "tensor '" + name + "' element count overflows (dimensions multiply past 2^63)");
            elements = *product;
            t.ne[d] = static_cast<int64_t>(ne);
        }
        const uint64_t typeOffset = pos_;
        const uint32_t typeId = readU32("type of tensor '" + name + "'");
        const TypeTraits* traits = findTypeTraits(typeId);
        if (!traits)
            fail(typeOffset, "tensor '" + name + "' has unknown ggml type " + std::to_string(typeId));
        t.type = traits->type;
        if (t.ne[0] % traits->blockSize != 0)
            fail(dimsOffset, "tensor '" + name + "' row length " + std::to_string(t.ne[0]) +
                                 " is not a multiple of the " + traits->name + " block size " +
                                 std::to_string(traits->blockSize));
        const auto bytes = checkedMul(elements / traits->blockSize, traits->blockBytes);
        if (!bytes) fail(dimsOffset, "tensor '" + name + "' byte size overflows");
        t.bytes = *bytes;
        const uint64_t offsetOffset = pos_;
        t.offset = readU64("data offset of tensor '" + name + "'");
        if (t.offset % file_.alignment_ != 0)
            fail(offsetOffset, "tensor '" + name + "' data offset " + std::to_string(t.offset) +
                                   " is not a multiple of the alignment " + std::to_string(file_.alignment_));
        if (file_.tensorIndex_.count(t.name)) fail(at, "duplicate tensor name '" + name + "'");
        file_.tensors_.push_back(std::move(t));
        file_.tensorIndex_.emplace(file_.tensors_.back().name, file_.tensors_.size() - 1);
    }

    GgufFile& file_;
    const GgufOpenOptions& options_;
    const uint8_t* base_;
    uint64_t available_;
    uint64_t size_;
    uint64_t pos_ = 0;
};

std::shared_ptr<const GgufFile> GgufFile::open(const std::string& path) {
    return open(path, GgufOpenOptions{});
}

std::shared_ptr<const GgufFile> GgufFile::open(const std::string& path, const GgufOpenOptions& options) {
    static std::mutex cacheMutex;
    static std::map<const MappedFile*, std::weak_ptr<const GgufFile>> cache;

    std::shared_ptr<MappedFile> mapping = MappedFile::open(path);
    std::lock_guard lock(cacheMutex);
    if (auto it = cache.find(mapping.get()); it != cache.end()) {
        if (auto existing = it->second.lock()) return existing;
    }
    auto file = std::make_shared<GgufFile>();
    file->mapping_ = mapping;
    file->path_ = mapping->path();
    file->fileSize_ = mapping->size();
    try {
        GgufParser(*file, options, mapping->data(), mapping->size()).parse();
    } catch (const NeedMoreBytes&) {
        throw Error(path + ": internal error: the header parse ran past the mapping");
    }
    // tensorIndex_ keys view names inside tensors_, which no longer move.
    for (auto it = cache.begin(); it != cache.end();)
        it = it->second.expired() ? cache.erase(it) : std::next(it);
    cache[mapping.get()] = file;
    return file;
}

GgufHeaderParse GgufFile::parseHeader(const std::string& name, std::vector<uint8_t> prefix, uint64_t fileSize,
                                      const GgufOpenOptions& options) {
    if (prefix.size() > fileSize) prefix.resize(fileSize);
    auto file = std::make_shared<GgufFile>();
    file->path_ = name;
    file->fileSize_ = fileSize;
    file->header_ = std::move(prefix);
    try {
        GgufParser(*file, options, file->header_.data(), file->header_.size()).parse();
    } catch (const NeedMoreBytes& more) {
        return {nullptr, more.end};
    }
    return {file, 0};
}

const GgufValue* GgufFile::find(std::string_view key) const {
    auto it = keyIndex_.find(key);
    return it == keyIndex_.end() ? nullptr : &metadata_[it->second].value;
}

std::string GgufFile::getString(std::string_view key, std::string_view fallback) const {
    const GgufValue* v = find(key);
    return std::string(v && v->isString() ? v->toString() : fallback);
}

int64_t GgufFile::getInt(std::string_view key, int64_t fallback) const {
    const GgufValue* v = find(key);
    return v && v->isNumber() ? v->toInt() : fallback;
}

double GgufFile::getDouble(std::string_view key, double fallback) const {
    const GgufValue* v = find(key);
    return v && v->isNumber() ? v->toDouble() : fallback;
}

bool GgufFile::getBool(std::string_view key, bool fallback) const {
    const GgufValue* v = find(key);
    return v && v->isNumber() ? v->toBool() : fallback;
}

const GgufTensorInfo* GgufFile::findTensor(std::string_view name) const {
    auto it = tensorIndex_.find(name);
    return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

std::string GgufTensorInfo::shapeString() const {
    std::string s = "[";
    for (uint32_t d = 0; d < nDims; ++d) {
        if (d) s += ", ";
        s += std::to_string(ne[d]);
    }
    return s + "]";
}

} // namespace realm
