#include "interp/npy_file.h"

#include "util/checked_math.h"
#include "util/error.h"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>

namespace realm {

namespace {
constexpr char kMagic[] = "\x93NUMPY";
static_assert(std::endian::native == std::endian::little, "npy files are written as little-endian");

int64_t elementCount(const std::vector<int64_t>& shape) {
    return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
}
} // namespace

void writeNpy(const std::string& path, const std::vector<int64_t>& shape, const float* values) {
    std::string dims;
    for (int64_t d : shape)
        dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    if (shape.size() == 1) dims += ','; // a Python tuple: (6,)
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic, version and length take 10 bytes; the header pads the data start to 64.
    const size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error("cannot write " + path);
    const uint16_t len = static_cast<uint16_t>(header.size());
    out.write(kMagic, 6);
    out.put(1);
    out.put(0);
    out.write(reinterpret_cast<const char*>(&len), 2);
    out << header;
    out.write(reinterpret_cast<const char*>(values), static_cast<std::streamsize>(elementCount(shape) * 4));
    if (!out) throw Error("write failed: " + path);
}

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open " + path);
    char head[10];
    if (!in.read(head, 10) || std::memcmp(head, kMagic, 6) != 0 || head[6] != 1)
        throw Error(path + ": not a version 1 .npy file");
    uint16_t len;
    std::memcpy(&len, head + 8, 2);
    std::string header(len, '\0');
    if (!in.read(header.data(), len)) throw Error(path + ": header truncated at offset 10");
    if (header.find("'descr': '<f4'") == std::string::npos ||
        header.find("'fortran_order': False") == std::string::npos)
        throw Error(path + ": only little-endian float32 in C order is read");
    const size_t open = header.find("'shape': (");
    const size_t close = header.find(')', open);
    if (open == std::string::npos || close == std::string::npos) throw Error(path + ": header has no shape");
    NpyArray a;
    for (size_t p = open + 10; p < close;) {
        char* end = nullptr;
        const long long d = std::strtoll(header.c_str() + p, &end, 10);
        if (end == header.c_str() + p || d < 0 || d > (1ll << 40))
            throw Error(path + ": bad shape in header");
        a.shape.push_back(d);
        p = static_cast<size_t>(end - header.c_str());
        while (p < close && (header[p] == ',' || header[p] == ' '))
            ++p;
    }
    uint64_t count = 1;
    for (int64_t d : a.shape) {
        const auto next = checkedMul(count, static_cast<uint64_t>(d));
        if (!next || *next > (1ull << 34)) throw Error(path + ": shape too large");
        count = *next;
    }
    a.values.resize(static_cast<size_t>(count));
    if (!in.read(reinterpret_cast<char*>(a.values.data()), static_cast<std::streamsize>(count * 4)))
        throw Error(path + ": data truncated at offset " + std::to_string(10 + len));
    return a;
}

} // namespace realm
