#pragma once
#include "document/intervention_types.h"

#include <memory>
#include <utility>

namespace realm {
class Session;
class Steering;
} // namespace realm

namespace realm::ui {

// The control vector installed on one Session (the layer stepper's or the chat's). Used on that
// session's strand only; declared after the session in its owner so it is removed first.
class SteeringSlot {
  public:
    SteeringSlot();
    ~SteeringSlot();
    SteeringSlot(const SteeringSlot&) = delete;
    SteeringSlot& operator=(const SteeringSlot&) = delete;

    // Loads settings.path (empty: removes the vector) and installs it on `session` in place of the
    // previous one, and clears the session's cache, which was computed under the old steering.
    // A bad file, another width or a bad layer range → realm::Error, and nothing changes.
    // Returns what is applied ("direction.1…21 × 4.0, layers 1…21"), empty when removed.
    QString apply(Session& session, const SteeringSettings& settings);
    // apply() with its error caught: {applied, error}; both empty without a session (not loaded).
    std::pair<QString, QString> tryApply(Session* session, const SteeringSettings& settings);

  private:
    Session* session_ = nullptr;
    std::unique_ptr<Steering> hook_;
};

} // namespace realm::ui
