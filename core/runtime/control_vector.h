#pragma once
#include "runtime/forward_hook.h"

#include <cstdint>
#include <string>
#include <vector>

namespace realm {

// A control vector as llama.cpp's llama-cvector-generator writes it: a GGUF with
// general.architecture = "controlvector", controlvector.model_hint, controlvector.layer_count,
// and one F32 tensor `direction.<layer>` of n_embd values per layer from 1 (llama.cpp never
// steers layer 0, and ignores layers past the model's last).
struct ControlVector {
    int64_t nEmbd = 0;
    std::vector<std::vector<float>> directions; // index = layer; empty: no direction
    std::string modelHint;                      // the architecture it was made on

    // Checks what llama.cpp checks (names, F32, one dimension, one width); errors name the
    // file and tensor.
    static ControlVector load(const std::string& path);
    void save(const std::string& path) const;
    const std::vector<float>* direction(int64_t layer) const;
};

// Applies a control vector as llama.cpp's --control-vector-scaled FILE:STRENGTH with
// --control-vector-layer-range FIRST LAST does: strength · direction.<layer> is added to the
// output of each layer in FIRST…LAST that has a direction (llama.cpp's default range is 1…n_layer).
class Steering : public ForwardHook {
  public:
    // A vector of another width than nEmbd → realm::Error.
    Steering(ControlVector vector, float strength, int64_t firstLayer, int64_t lastLayer, int64_t nEmbd);
    bool wants(HookSite site, int64_t layer) const override;
    void onActivation(const HookView& view) override;

  private:
    ControlVector vector_;
    float strength_;
    int64_t first_, last_;
};

} // namespace realm
