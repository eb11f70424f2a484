#pragma once
#include <QIcon>

namespace realm::ui {

enum class PageIcon {
    Overview,
    Metadata,
    Tensors,
    Tokenizer,
    Layers,
    Logits,
    Chat,
    Memory,
    Ablation,
    Patching,
    Steering,
    Routing,
    Perplexity,
    Importance,
    Compare,
    Divergence,
    App
};

// The icon theme's icon for the page (QIcon::fromTheme; the app icon by the application id), and
// where the theme has none, one drawn with QPainter: Debian's Qt has no SVG image plugin, and
// drawn icons stay sharp at any scale.
QIcon pageIcon(PageIcon which);

} // namespace realm::ui
