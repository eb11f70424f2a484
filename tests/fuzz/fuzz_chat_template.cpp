// Fuzzes the Jinja chat-template engine: the input is split into a template and two
// message contents at the first two NUL bytes.
#include "chat/chat_template.h"
#include "util/error.h"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t a = input.find('\0');
    const size_t b = a == std::string::npos ? a : input.find('\0', a + 1);
    const std::string source = input.substr(0, a);
    std::vector<realm::ChatMessage> messages = {
        {"system", a == std::string::npos ? "You are helpful."
                                          : input.substr(a + 1, b == std::string::npos ? b : b - a - 1)},
        {"user", b == std::string::npos ? "Hi" : input.substr(b + 1)},
        {"assistant", "Hello."},
    };
    realm::ChatTemplateOptions options;
    options.bosToken = "<s>";
    options.eosToken = "</s>";
    options.now = "2024-07-26T12:00:00";
    try {
        (void)realm::renderChatTemplate(source, messages, options);
    } catch (const realm::Error&) {
    }
    return 0;
}
