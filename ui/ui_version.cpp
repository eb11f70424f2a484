// Keeps realm_ui a valid library until its first views land.
namespace realm::ui {
const char* uiLibraryName() { return "realm_ui"; }
} // namespace realm::ui
