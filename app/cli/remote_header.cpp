#include "remote_header.h"

#include "util/error.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <regex>

namespace realm::cli {

namespace {
// Bytes [begin, end) of url appended to `out`; returns the file's size from Content-Range.
uint64_t fetchRange(httplib::Client& client, const std::string& url, const std::string& path, uint64_t begin,
                    uint64_t end, std::vector<uint8_t>& out) {
    const std::string range = "bytes=" + std::to_string(begin) + "-" + std::to_string(end - 1);
    const httplib::Result res =
        client.Get(path, httplib::Headers{{"Range", range}, {"Accept-Encoding", "identity"}});
    if (!res) throw Error(url + ": " + httplib::to_string(res.error()));
    if (res->status == 200)
        throw Error(url + ": the server does not answer range requests (it sent the whole file, HTTP 200, "
                          "instead of 206 Partial Content): download the file first");
    if (res->status != 206)
        throw Error(url + ": HTTP " + std::to_string(res->status) + " to a range request");
    static const std::regex form(R"(^bytes\s+(\d+)-(\d+)/(\d+)$)");
    std::smatch m;
    const std::string contentRange = res->get_header_value("Content-Range");
    if (!std::regex_match(contentRange, m, form) || std::stoull(m[1].str()) != begin)
        throw Error(url + ": the server's Content-Range '" + contentRange +
                    "' does not match the range asked for");
    const size_t take = std::min<size_t>(res->body.size(), end - begin);
    out.insert(out.end(), res->body.begin(), res->body.begin() + static_cast<std::ptrdiff_t>(take));
    return std::stoull(m[3].str());
}
} // namespace

std::shared_ptr<const GgufFile> openModelHeader(const std::string& pathOrUrl) {
    if (pathOrUrl.rfind("https://", 0) == 0)
        throw Error(pathOrUrl + ": realm-cli reads http:// URLs only (realm-studio opens https)");
    if (pathOrUrl.rfind("http://", 0) != 0) return GgufFile::open(pathOrUrl);
    const size_t slash = pathOrUrl.find('/', 7);
    const std::string origin = pathOrUrl.substr(0, slash),
                      path = slash == std::string::npos ? "/" : pathOrUrl.substr(slash);
    httplib::Client client(origin);
    client.set_follow_location(true);
    client.set_read_timeout(30, 0);
    std::vector<uint8_t> prefix;
    uint64_t want = 64 * 1024, size = 0;
    for (;;) {
        const uint64_t from = prefix.size();
        size = fetchRange(client, pathOrUrl, path, from, size ? std::min(want, size) : want, prefix);
        if (prefix.size() < std::min(want, size))
            throw Error(pathOrUrl + ": the server sent fewer bytes than asked for from offset " +
                        std::to_string(from));
        GgufHeaderParse r = GgufFile::parseHeader(pathOrUrl, prefix, size);
        if (r.file) return r.file;
        want = std::min(size, std::max(r.needBytes, 2 * want));
    }
}

} // namespace realm::cli
