#include "jobs/steering_slot.h"

#include "runtime/control_vector.h"
#include "runtime/session.h"
#include "util/error.h"

#include <QCoreApplication>

#include <exception>

namespace realm::ui {

SteeringSlot::SteeringSlot() = default;

SteeringSlot::~SteeringSlot() {
    if (hook_) session_->removeHook(hook_.get());
}

QString SteeringSlot::apply(Session& session, const SteeringSettings& s) {
    std::unique_ptr<Steering> next;
    QString applied;
    if (!s.path.isEmpty()) {
        const int64_t nLayer = session.hparams().nLayer;
        const int64_t last = s.lastLayer < 0 ? nLayer - 1 : s.lastLayer;
        if (s.firstLayer < 0 || s.firstLayer > last || last >= nLayer)
            throw Error("layers " + std::to_string(s.firstLayer) + "…" + std::to_string(last) +
                        " are outside the model's layers 0…" + std::to_string(nLayer - 1));
        ControlVector vector = ControlVector::load(s.path.toStdString());
        int directions = 0;
        for (int64_t l = s.firstLayer; l <= last; ++l)
            directions += vector.direction(l) != nullptr;
        next = std::make_unique<Steering>(std::move(vector), float(s.strength), s.firstLayer, last,
                                          session.hparams().nEmbd);
        applied = QCoreApplication::translate("SteeringSlot", "%1 × %2 on layers %3…%4 (%5 with a direction)")
                      .arg(s.path)
                      .arg(s.strength)
                      .arg(s.firstLayer)
                      .arg(last)
                      .arg(directions);
    }
    if (hook_) session_->removeHook(hook_.get());
    hook_ = std::move(next);
    session_ = &session;
    if (hook_) session.addHook(hook_.get());
    session.clear();
    return applied;
}

std::pair<QString, QString> SteeringSlot::tryApply(Session* session, const SteeringSettings& settings) {
    if (!session) return {};
    try {
        return {apply(*session, settings), QString()};
    } catch (const std::exception& e) {
        return {QString(), QString::fromUtf8(e.what())};
    }
}

} // namespace realm::ui
