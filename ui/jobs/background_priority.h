#pragma once
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace realm::ui {

// Background threads run below the UI thread: with two cores and several long jobs, the window
// still gets its frames. Linux applies a nice value per thread; failing to set it changes
// nothing else. Pool threads keep it, which suits them: every task given to a pool is background.
inline void runBelowTheUiThread() {
#ifdef __linux__
    constexpr int BackgroundNice = 5;
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), BackgroundNice);
#endif
}

} // namespace realm::ui
