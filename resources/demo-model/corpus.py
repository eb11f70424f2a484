"""The demo model's corpus: every conversation it is trained on, with the word its answer must contain.

Sources (all written for Realm Studio): capitals.tsv (one line per country), conversations.json
(greetings, questions about Realm Studio and its pages) and the small additions generated here.
Each item: {"kind", "questions": [canonical, variants...], "answer", "expect"}.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Small additions a + b with a, b in 0..ADD_MAX: every one is in the corpus.
ADD_MAX = 10

# Generic system prompts mixed into some training conversations, so that a system prompt set in
# the Chat page does not throw the model off.
SYSTEM_PROMPTS = [
    "You are a helpful assistant.",
    "You are Realm Demo, a small helpful model.",
    "Answer briefly.",
    "You are a friendly chatbot.",
]


def capital_items():
    items = []
    with open(os.path.join(HERE, "capitals.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            country, capital = fields[0], fields[1]
            answer = fields[2] if len(fields) > 2 else f"The capital of {country} is {capital}."
            items.append({
                "kind": "capital",
                "questions": [
                    f"What is the capital of {country}?",
                    f"What's the capital of {country}?",
                    f"Which city is the capital of {country}?",
                    f"Capital of {country}?",
                ],
                "answer": answer,
                "expect": capital,
            })
    return items


def addition_items():
    items = []
    for a in range(ADD_MAX + 1):
        for b in range(ADD_MAX + 1):
            items.append({
                "kind": "addition",
                "questions": [f"What is {a} + {b}?", f"What is {a} plus {b}?", f"How much is {a} + {b}?"],
                "answer": f"{a} + {b} = {a + b}.",
                "expect": f"= {a + b}.",
            })
    return items


def conversation_items():
    with open(os.path.join(HERE, "conversations.json"), encoding="utf-8") as f:
        data = json.load(f)
    items = []
    for kind in ("greetings", "realm"):
        for entry in data[kind]:
            items.append({"kind": kind, "questions": entry["q"], "answer": entry["a"], "expect": entry["expect"]})
    return items


def build():
    items = conversation_items() + capital_items() + addition_items()
    for item in items:
        if item["expect"] not in item["answer"]:
            raise ValueError(f"answer of {item['questions'][0]!r} lacks its expected text {item['expect']!r}")
    return items


if __name__ == "__main__":
    items = build()
    print(f"{len(items)} conversations, {sum(len(i['questions']) for i in items)} phrasings")
