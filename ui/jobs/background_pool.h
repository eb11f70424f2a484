#pragma once
class QThreadPool;

namespace realm::ui {

// Background threads run well below the UI thread (nice 15): with two cores busy with the model,
// the window still gets a core within its frame (at nice 5 it waited 7-16 ms for one while an 8B
// model loaded or replied). Linux applies a nice value per thread; failing to set it changes
// nothing else. Pool threads keep it, which suits them: every task given to a pool is background.
void runBelowTheUiThread();

// Threads for the window's own chores (reading the vocabulary, saving, freeing a closed model),
// each run below the UI thread. Not Qt's global pool: the raster engine splits large fills over
// that one, and a paint then waited for a chore to end (65 ms while a closed 8B model's memory
// was freed there). Lives until the application object goes, waiting for its tasks then.
QThreadPool* backgroundPool();

} // namespace realm::ui
