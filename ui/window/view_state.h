#pragma once
#include <QString>

class QSettings;
class QWidget;

namespace realm::ui {

// How the person left a page: every splitter's sizes (a collapsed chat panel included), every
// tab widget's current tab, every sortable view's sort column and order. Widgets are found by
// their place under `root` (object name, else class and position among siblings of that class),
// so a page needs no code for it; state that no longer fits a changed layout is ignored.
void saveViewState(const QWidget* root, QSettings& settings, const QString& group);
void restoreViewState(QWidget* root, QSettings& settings, const QString& group);

} // namespace realm::ui
