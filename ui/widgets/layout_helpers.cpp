#include "widgets/layout_helpers.h"

#include <QWidget>

namespace realm::ui {

void keepSpaceWhenHidden(QWidget* widget) {
    QSizePolicy policy = widget->sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    widget->setSizePolicy(policy);
}

} // namespace realm::ui
