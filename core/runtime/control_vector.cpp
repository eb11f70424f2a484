#include "runtime/control_vector.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "util/error.h"

#include <cstring>

namespace realm {

ControlVector ControlVector::load(const std::string& path) {
    const auto file = GgufFile::open(path);
    ControlVector cv;
    cv.modelHint = file->getString("controlvector.model_hint");
    for (const GgufTensorInfo& t : file->tensors()) {
        const auto fail = [&](const std::string& why) {
            throw Error(path + ": tensor '" + t.name + "' " + why);
        };
        if (t.name.rfind("direction.", 0) != 0) fail("is not named direction.<layer>");
        const std::string digits = t.name.substr(10);
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            fail("is not named direction.<layer>");
        const int64_t layer = std::stoll(digits);
        if (layer == 0) fail("is for layer 0, which llama.cpp never steers");
        if (t.type != GgmlType::F32) fail("is not F32");
        if (t.elements() != t.ne[0]) fail("is not one-dimensional");
        if (cv.nEmbd == 0) cv.nEmbd = t.ne[0];
        if (t.ne[0] != cv.nEmbd)
            fail("has " + std::to_string(t.ne[0]) + " values, the others " + std::to_string(cv.nEmbd));
        if (cv.directions.size() <= static_cast<size_t>(layer))
            cv.directions.resize(static_cast<size_t>(layer) + 1);
        std::vector<float>& d = cv.directions[static_cast<size_t>(layer)];
        d.resize(static_cast<size_t>(cv.nEmbd), 0.0f);
        // llama.cpp sums the directions a file gives twice for one layer.
        for (int64_t i = 0; i < cv.nEmbd; ++i) {
            float v;
            std::memcpy(&v, t.data + i * 4, 4);
            d[static_cast<size_t>(i)] += v;
        }
    }
    if (cv.nEmbd == 0) throw Error(path + ": no direction.<layer> tensors (not a control vector)");
    return cv;
}

void ControlVector::save(const std::string& path) const {
    GgufWriter w;
    w.addString("general.architecture", "controlvector");
    w.addString("controlvector.model_hint", modelHint);
    int32_t count = 0;
    for (const auto& d : directions)
        count += d.empty() ? 0 : 1;
    w.addInt32("controlvector.layer_count", count);
    for (size_t layer = 1; layer < directions.size(); ++layer)
        if (!directions[layer].empty())
            w.addTensor("direction." + std::to_string(layer), GgmlType::F32, {nEmbd},
                        directions[layer].data(), static_cast<uint64_t>(nEmbd) * 4);
    w.write(path);
}

const std::vector<float>* ControlVector::direction(int64_t layer) const {
    if (layer < 0 || layer >= static_cast<int64_t>(directions.size())) return nullptr;
    const auto& d = directions[static_cast<size_t>(layer)];
    return d.empty() ? nullptr : &d;
}

Steering::Steering(ControlVector vector, float strength, int64_t firstLayer, int64_t lastLayer, int64_t nEmbd)
    : vector_(std::move(vector)), strength_(strength), first_(firstLayer), last_(lastLayer) {
    if (vector_.nEmbd != nEmbd)
        throw Error("the control vector is " + std::to_string(vector_.nEmbd) +
                    " wide, the model's n_embd is " + std::to_string(nEmbd));
}

bool Steering::wants(HookSite site, int64_t layer) const {
    return site == HookSite::Residual && layer >= first_ && layer <= last_ && vector_.direction(layer);
}

void Steering::onActivation(const HookView& v) {
    const std::vector<float>& d = *vector_.direction(v.layer);
    for (int64_t t = 0; t < v.nTokens; ++t) {
        float* row = v.data + t * v.width;
        // llama.cpp scales the direction as it loads it, then adds: the same two roundings.
        for (int64_t i = 0; i < v.width; ++i)
            row[i] += d[static_cast<size_t>(i)] * strength_;
    }
}

} // namespace realm
