#pragma once

class QWidget;

namespace realm::ui {

// The layout keeps the widget's space while it is hidden, so that showing it (a progress bar
// while work runs) moves nothing around it.
void keepSpaceWhenHidden(QWidget* widget);

} // namespace realm::ui
