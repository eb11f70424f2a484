#include "interp/activation_export.h"

#include "interp/npy_file.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <filesystem>

namespace realm {

std::vector<RecordedActivation> recordActivations(Session& session, const std::vector<int32_t>& tokens,
                                                  const std::vector<HookSite>& sites, int64_t firstLayer,
                                                  int64_t lastLayer) {
    const HParams& hp = session.hparams();
    if (firstLayer < 0 || lastLayer >= hp.nLayer || firstLayer > lastLayer)
        throw Error("layers " + std::to_string(firstLayer) + "…" + std::to_string(lastLayer) +
                    " are outside the model's " + std::to_string(hp.nLayer) + " layers");
    ActivationRecorder recorder(sites, firstLayer, lastLayer, hp.nExpert);
    session.clear();
    {
        ScopedHook installed(session, recorder);
        session.evaluate(tokens);
    }
    return recorder.take();
}

nlohmann::json exportActivations(const std::string& dir, const std::vector<RecordedActivation>& activations,
                                 const std::vector<int32_t>& tokens, const std::vector<std::string>& pieces) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error("cannot create " + dir + ": " + ec.message());
    nlohmann::json files = nlohmann::json::array();
    for (const RecordedActivation& a : activations) {
        const std::string name = std::string(hookSiteName(a.site)) + "-" + std::to_string(a.layer) + ".npy";
        writeNpy((std::filesystem::path(dir) / name).string(), a.shape, a.values.data());
        files.push_back({{"file", name},
                         {"what", hookSiteName(a.site)},
                         {"layer", a.layer},
                         {"shape", a.shape},
                         {"dtype", "float32"}});
    }
    nlohmann::json index = {{"tokens", tokens}, {"pieces", pieces}, {"files", files}};
    const std::string path = (std::filesystem::path(dir) / "index.json").string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw Error("cannot write " + path);
    const std::string text = index.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok) throw Error("write failed: " + path);
    return index;
}

} // namespace realm
