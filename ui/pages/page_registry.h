#pragma once
#include "widgets/page_icons.h"

#include <span>

namespace realm::ui {

class Page;
struct PageServices;

// One row per sidebar page, in sidebar order (Ctrl+1… follow it). `id` names the page on the
// command line (--page) and its screenshot (packaging/screenshots/ID.png).
struct PageRow {
    const char* id;
    const char* title; // in English; pageTitle() translates it
    PageIcon icon;
    Page* (*make)(const PageServices& services);
    // Runs the model (needs every weight in memory): a file read over HTTP must be downloaded first.
    bool runsModel = false;
};

std::span<const PageRow> pageRows();
const PageRow* findPageRow(const QString& id); // nullptr: no such page
QString pageTitle(const PageRow& row);         // the title in the interface language

} // namespace realm::ui
