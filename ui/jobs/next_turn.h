#pragma once
#include <QObject>

#include <functional>

namespace realm::ui {

// Runs `fn` on this thread in a later turn of the event loop, one such step per turn, with the
// timers, input and painting that are due in between. Work split into steps to keep the window
// answering (filling pages as a model opens) goes here. QTimer::singleShot(0, …) does not do
// that: it posts an event, and Qt delivers posted events back to back with no timer between
// them (a chain of 5 ms steps starved a 1 ms timer for 10 ms); zero-interval timers that fall
// due together all fire in one pass. Nothing runs if `context` is destroyed first.
void runNextTurn(QObject* context, std::function<void()> fn);

} // namespace realm::ui
