#pragma once
#include <QLocale>
#include <QStringList>

namespace realm::ui {

// Where realm-studio_<language>.qm files are looked for: share/realm-studio/translations next to
// the program (installed), then the build tree's translations/ (run from the build).
QStringList translationDirs();

// Installs the translation for `locale` (realm-studio_de.qm for de_DE …) from `dirs`, and Qt's
// own (qtbase_de.qm: standard dialogs) where Qt's translations are installed. Returns the
// path of the app's .qm file that was loaded, or "" when there is none for that language.
QString installTranslations(const QLocale& locale, const QStringList& dirs = translationDirs());

} // namespace realm::ui
