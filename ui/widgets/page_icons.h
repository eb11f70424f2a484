#pragma once
#include <QIcon>

namespace realm::ui {

enum class PageIcon { Overview, Metadata, Tensors, Tokenizer, Layers, Logits, Chat, Memory, App };

// Icons drawn with QPainter: Debian's Qt has no SVG image plugin, and drawn icons stay sharp at any scale.
QIcon pageIcon(PageIcon which);

} // namespace realm::ui
