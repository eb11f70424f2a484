// realm-studio: the desktop application.
#include "realm_version.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("realm-studio"));
    QApplication::setApplicationVersion(QStringLiteral(REALM_VERSION_STRING));
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Realm Studio"));
    window.resize(1200, 800);
    window.show();
    return app.exec();
}
