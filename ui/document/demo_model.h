#pragma once
#include <QString>

namespace realm::ui {

// The bundled demo model: <bin>/../share/realm-studio/demo.gguf when installed, else the source
// tree's resources/demo.gguf. Empty when neither exists.
QString findDemoModel();

} // namespace realm::ui
