#pragma once
// realm-cli serve: the OpenAI-compatible HTTP endpoints over the slot pool (cpp-httplib).
#include "serve_slots.h"

#include <atomic>
#include <memory>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace realm {
class Tokenizer;
}

namespace realm::cli {

class SlotPool;
enum class Endpoint;
struct ApiRequest;
struct ReplyHeader;

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string apiKey; // empty: no key asked
    std::string modelId;
    std::string chatTemplate;
};

class OpenAiServer {
  public:
    OpenAiServer(ServeOptions options, const Tokenizer& tokenizer, SlotPool& slots);
    ~OpenAiServer();

    // Binds the listening socket: the port (an ephemeral one for port 0), or realm::Error.
    int bind();
    // Serves until stop(); returns once every connection is closed.
    void run();
    void stop(); // any thread

  private:
    void routes();
    void complete(Endpoint endpoint, const httplib::Request& req, httplib::Response& res);
    // Streams one reply as server-sent events; false when the client left before the end.
    bool stream(const ApiRequest& request, SlotPool::Lease& lease, const ReplyHeader& header,
                const std::function<bool(const std::string&)>& write);
    ReplyHeader newHeader(Endpoint endpoint);

    ServeOptions options_;
    const Tokenizer& tokenizer_;
    SlotPool& slots_;
    std::unique_ptr<httplib::Server> http_;
    std::atomic<uint64_t> nextId_;
    int listenSocket_ = -1;
};

} // namespace realm::cli
