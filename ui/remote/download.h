#pragma once
#include "util/job_control.h"

#include <QString>
#include <QUrl>

namespace realm::ui {

// Downloads url to path on the calling thread (a job's worker), reporting the fraction done
// through the control. The bytes go to a temporary file beside path that is renamed over it
// only when all of them arrived: a cancel (returns false) or an error (throws realm::Error)
// leaves nothing behind.
bool downloadFile(const QUrl& url, const QString& path, const JobControl& control);

} // namespace realm::ui
