#pragma once
#include <QString>

namespace realm::ui {

// The application id (packaging/: desktop file, AppStream id, icon name), e.g. "org.realmstudio.studio".
QString appId();

// Names the application after its id: the Wayland app id (desktop file name), the X11 WM_CLASS
// (the application name, which the desktop file's StartupWMClass names), the settings and data
// folders. Settings and saved chats of releases that were named "realm-studio" move over once.
void setApplicationIdentity();

} // namespace realm::ui
