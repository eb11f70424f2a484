<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Charts</name>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
</context>
<context>
    <name>Explanations</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Bytes per tensor type.&lt;/b&gt; How much of the file each storage type takes. A quantized type (Q4_K, Q8_0 …) stores a block of weights as small integers plus a scale per block, so it takes a fraction of the 4 bytes per weight of F32. Files usually mix types: the large matrices quantized, norms and sometimes the embedding kept in F32 or F16. The axis unit follows the largest bar.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Bytes je Tensortyp.&lt;/b&gt; Wie viel der Datei jeder Speichertyp belegt. Ein quantisierter Typ (Q4_K, Q8_0 …) speichert einen Block von Gewichten als kleine ganze Zahlen mit einer Skala je Block und braucht so nur einen Bruchteil der 4 Bytes je Gewicht von F32. Dateien mischen meist Typen: die großen Matrizen quantisiert, Normen und manchmal das Embedding in F32 oder F16. Die Einheit der Achse richtet sich nach dem größten Balken.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Memory of this process&lt;/b&gt;, sampled four times a second over the last two minutes.&lt;/p&gt;&lt;p&gt;The coloured bands are stacked: the bottom one is the part of the model file that is mapped and resident in RAM, the next the KV cache (the keys and values of every token in the context, kept so that earlier tokens are not computed again), the top one the scratch buffers of the forward pass. Each band&apos;s height is its own size. The line is the resident set size (RSS) of the whole process; the gap above the bands is everything else (the program, Qt, the heap).&lt;/p&gt;&lt;p&gt;Dashed vertical lines mark events: a model loaded, a generation started or stopped.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Speicher dieses Prozesses&lt;/b&gt;, viermal je Sekunde gemessen, über die letzten zwei Minuten.&lt;/p&gt;&lt;p&gt;Die farbigen Bänder sind gestapelt: unten der Teil der Modelldatei, der eingeblendet ist und im RAM liegt, darüber der KV-Cache (Keys und Values jedes Tokens im Kontext, aufbewahrt, damit frühere Tokens nicht neu berechnet werden), oben die Arbeitspuffer des Vorwärtsdurchlaufs. Die Höhe jedes Bands ist seine eigene Größe. Die Linie ist der residente Speicher (RSS) des ganzen Prozesses; der Abstand über den Bändern ist alles andere (das Programm, Qt, der Heap).&lt;/p&gt;&lt;p&gt;Gestrichelte senkrechte Linien markieren Ereignisse: ein Modell geladen, eine Generierung begonnen oder beendet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;One row of the tensor&lt;/b&gt;, converted to 32-bit floats: the x axis is the column (the input dimension of a weight matrix), the y axis the value. Spikes are outlier weights; quantized types show steps where a block of 32 or 256 values shares one scale.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Eine Zeile des Tensors&lt;/b&gt;, in 32-Bit-Gleitkommazahlen umgewandelt: die x-Achse ist die Spalte (die Eingangsdimension einer Gewichtsmatrix), die y-Achse der Wert. Spitzen sind Ausreißer-Gewichte; quantisierte Typen zeigen Stufen, wo sich ein Block von 32 oder 256 Werten eine Skala teilt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The whole tensor as a picture&lt;/b&gt;: rows down, columns across. Each pixel pools a patch of weights and shows the one of largest magnitude: red positive, blue negative, the background colour near zero; the legend gives the scale. Stripes are rows or columns with larger weights (often outlier channels). Drag to pan, wheel to zoom, click a pixel to show its row.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Der ganze Tensor als Bild&lt;/b&gt;: Zeilen nach unten, Spalten nach rechts. Jedes Pixel fasst ein Feld von Gewichten zusammen und zeigt das betragsgrößte: rot positiv, blau negativ, die Hintergrundfarbe nahe null; die Legende zeigt die Skala. Streifen sind Zeilen oder Spalten mit größeren Gewichten (oft Ausreißer-Kanäle). Ziehen verschiebt, das Mausrad zoomt, ein Klick auf ein Pixel zeigt seine Zeile.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;How the values are distributed&lt;/b&gt;: 64 bins from the smallest to the largest value, the height is how many weights fall in each. Trained weights are usually bell-shaped around zero; long tails are outliers that quantization has to cover.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Wie die Werte verteilt sind&lt;/b&gt;: 64 Klassen vom kleinsten bis zum größten Wert, die Höhe ist die Zahl der Gewichte in jeder. Trainierte Gewichte sind meist glockenförmig um null verteilt; lange Ausläufer sind Ausreißer, die die Quantisierung mit abdecken muss.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Block scales of a quantized tensor.&lt;/b&gt; Quantized types store weights in blocks (32 or 256 values) as small integers times a per-block scale. This histogram shows those scales: a wide spread means some blocks hold much larger weights than others.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Blockskalen eines quantisierten Tensors.&lt;/b&gt; Quantisierte Typen speichern Gewichte in Blöcken (32 oder 256 Werte) als kleine ganze Zahlen mal einer Skala je Block. Dieses Histogramm zeigt diese Skalen: eine große Streuung heißt, dass manche Blöcke viel größere Gewichte enthalten als andere.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The residual stream&lt;/b&gt; after the selected stage: one row per token of the prompt, one column per dimension of the hidden state. Every layer reads this vector and adds its output to it, so it is what the model &quot;knows&quot; about each token at that depth. Red is positive, blue negative; a few very large dimensions are common (massive activations).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Der Residualstrom&lt;/b&gt; nach der gewählten Stufe: eine Zeile je Token des Prompts, eine Spalte je Dimension des verborgenen Zustands. Jede Schicht liest diesen Vektor und addiert ihre Ausgabe dazu; er ist also, was das Modell in dieser Tiefe über jedes Token „weiß“. Rot ist positiv, blau negativ; einige wenige sehr große Dimensionen sind üblich (massive Aktivierungen).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Attention weights&lt;/b&gt; of one head in the selected layer: row i is the query token, column j a key token, the colour how much token i looks at token j (each row sums to 1). The upper triangle is empty because a token cannot see later tokens. Many heads put much weight on the first token (an attention sink).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Attention-Gewichte&lt;/b&gt; eines Kopfes der gewählten Schicht: Zeile i ist das Query-Token, Spalte j ein Key-Token, die Farbe, wie stark Token i auf Token j achtet (jede Zeile summiert sich zu 1). Das obere Dreieck ist leer, weil ein Token spätere Tokens nicht sehen kann. Viele Köpfe legen viel Gewicht auf das erste Token (eine Attention-Senke).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Size of the residual stream&lt;/b&gt; (its L2 norm) per token after each stage. It usually grows with depth as layers add to it; a token whose norm is far above the rest is often the first one (an attention sink).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Größe des Residualstroms&lt;/b&gt; (seine L2-Norm) je Token nach jeder Stufe. Sie wächst meist mit der Tiefe, weil die Schichten dazu addieren; ein Token, dessen Norm weit über den anderen liegt, ist oft das erste (eine Attention-Senke).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The most likely next tokens&lt;/b&gt; after the prompt and their probabilities under the chosen temperature, top-k, top-p and min-p: only tokens that these settings keep can be drawn, and their probabilities are renormalised among them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Die wahrscheinlichsten nächsten Tokens&lt;/b&gt; nach dem Prompt und ihre Wahrscheinlichkeiten unter der gewählten Temperatur, Top-k, Top-p und Min-p: nur Tokens, die diese Einstellungen behalten, können gezogen werden, und ihre Wahrscheinlichkeiten werden unter ihnen neu normiert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Every token of the vocabulary&lt;/b&gt;, sorted from most to least likely, with its log-probability (the x axis is the rank, logarithmic). The thick red part is the tokens the sampling settings keep. A steep drop means the model is sure of a few tokens; a flat curve means many tokens are about as likely.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Jedes Token des Vokabulars&lt;/b&gt;, vom wahrscheinlichsten zum unwahrscheinlichsten sortiert, mit seiner Log-Wahrscheinlichkeit (die x-Achse ist der Rang, logarithmisch). Der dicke rote Teil sind die Tokens, die die Sampling-Einstellungen behalten. Ein steiler Abfall heißt, das Modell ist sich bei wenigen Tokens sicher; eine flache Kurve heißt, viele Tokens sind etwa gleich wahrscheinlich.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Colour scale for signed values: blue negative, the background colour at zero, red positive; the ends are the largest magnitude shown.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Farbskala für Werte mit Vorzeichen: blau negativ, die Hintergrundfarbe bei null, rot positiv; die Enden sind der größte gezeigte Betrag.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Colour scale for probabilities: the background colour is 0, strong blue is 1. The stronger a cell&apos;s colour, the more probability the model puts on the token shown in it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Farbskala für Wahrscheinlichkeiten: die Hintergrundfarbe ist 0, kräftiges Blau ist 1. Je kräftiger die Farbe einer Zelle, desto mehr Wahrscheinlichkeit gibt das Modell dem Token darin.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The logit lens&lt;/b&gt;: one row per stage (embedding, each layer, the final norm), one column per prompt token. Each cell takes the residual stream at that stage and token, applies the model&apos;s final norm and output matrix as if the network ended there, and shows the most likely next token and its probability. Reading down a column shows at which layer the model settles on its prediction. A stronger colour means a more confident prediction.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Die Logit-Linse&lt;/b&gt;: eine Zeile je Stufe (Embedding, jede Schicht, die letzte Norm), eine Spalte je Token des Prompts. Jede Zelle nimmt den Residualstrom dieser Stufe und dieses Tokens, wendet die letzte Norm und die Ausgabematrix des Modells an, als ende das Netz dort, und zeigt das wahrscheinlichste nächste Token mit seiner Wahrscheinlichkeit. Eine Spalte von oben nach unten gelesen zeigt, ab welcher Schicht das Modell bei seiner Vorhersage bleibt. Eine kräftigere Farbe heißt eine sicherere Vorhersage.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Activation patching.&lt;/b&gt; The model runs on the corrupted prompt, but in one cell the activation at that layer and token position (the residual stream, or one attention head&apos;s output) is replaced by the clean prompt&apos;s. The colour is how much of the clean answer&apos;s lead comes back: logit(clean answer) − logit(corrupted answer), scaled so 1 is the clean run&apos;s margin and 0 the corrupted run&apos;s. Cells near 1 carry the information that decides the answer; a bright diagonal moving right with depth shows where it travels between tokens.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Aktivierungs-Patching.&lt;/b&gt; Das Modell läuft auf dem verfälschten Prompt, aber in einer Zelle wird die Aktivierung an dieser Schicht und Tokenposition (der Residualstrom oder die Ausgabe eines Attention-Heads) durch die des sauberen Prompts ersetzt. Die Farbe zeigt, wie viel vom Vorsprung der sauberen Antwort zurückkommt: logit(saubere Antwort) − logit(verfälschte Antwort), so skaliert, dass 1 der Abstand des sauberen Laufs ist und 0 der des verfälschten. Zellen nahe 1 tragen die Information, die über die Antwort entscheidet; eine helle Diagonale, die mit der Tiefe nach rechts wandert, zeigt, wo sie zwischen den Tokens weitergegeben wird.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Expert load.&lt;/b&gt; In a mixture-of-experts layer a router picks a few experts (small feed-forward networks) for each token. One row per layer, one column per expert: the colour is the share of the prompt&apos;s tokens routed to that expert. An even spread means balanced experts; a bright column an expert most tokens use. Click a row to see that layer&apos;s choices per token.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Expertenlast.&lt;/b&gt; In einer Mixture-of-Experts-Schicht wählt ein Router für jedes Token einige Experten (kleine Feed-Forward-Netze). Eine Zeile je Schicht, eine Spalte je Experte: Die Farbe ist der Anteil der Prompt-Tokens, die an diesen Experten gehen. Eine gleichmäßige Verteilung heißt ausgewogene Experten; eine helle Spalte einen Experten, den die meisten Tokens nutzen. Ein Klick auf eine Zeile zeigt die Wahl dieser Schicht je Token.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Chosen experts per token&lt;/b&gt; in the selected layer: one row per token, one column per expert. The colour is the router weight the token gives that expert (the weights of a token&apos;s chosen experts add up to 1); cells at zero are experts the router did not choose for that token.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Gewählte Experten je Token&lt;/b&gt; in der gewählten Schicht: eine Zeile je Token, eine Spalte je Experte. Die Farbe ist das Router-Gewicht, das das Token diesem Experten gibt (die Gewichte der gewählten Experten eines Tokens ergeben zusammen 1); Zellen bei null sind Experten, die der Router für dieses Token nicht gewählt hat.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MemoryCheck</name>
    <message>
        <source>%1 needs about %2 at context %3, but only %4 is available</source>
        <translation>%1 braucht bei Kontext %3 etwa %2, verfügbar sind aber nur %4</translation>
    </message>
    <message>
        <source> — context %1 fits</source>
        <translation> – Kontext %1 passt</translation>
    </message>
    <message>
        <source> — not even a short context fits: expect heavy swapping</source>
        <translation> – nicht einmal ein kurzer Kontext passt: starkes Auslagern ist zu erwarten</translation>
    </message>
</context>
<context>
    <name>PageRow</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>Tensoren</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>Logits</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation>Ablation</translation>
    </message>
    <message>
        <source>Patching</source>
        <translation>Patching</translation>
    </message>
    <message>
        <source>Steering</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>MoE routing</source>
        <translation>MoE-Routing</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>Importance matrix</source>
        <translation>Importance-Matrix</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation>KL-Divergenz</translation>
    </message>
</context>
<context>
    <name>RemoteFile</name>
    <message>
        <source>unexpected HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the download ended after %1 of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not answer range requests (it sent the whole file, HTTP 200, instead of 206 Partial Content): download the file and open it from disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected HTTP status %1 to a range request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s Content-Range &apos;%1&apos; gives no file size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asked for bytes from %1, the server sent them from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file changed on the server: it had %1 bytes, now %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SteeringSlot</name>
    <message>
        <source>%1 × %2 on layers %3…%4 (%5 with a direction)</source>
        <translation>%1 × %2 auf Schichten %3…%4 (%5 mit Richtung)</translation>
    </message>
</context>
<context>
    <name>TensorJobs</name>
    <message>
        <source>%1 is not a block-quantized type: no per-block scales.</source>
        <translation>%1 ist kein blockweise quantisierter Typ: keine Skalen je Block.</translation>
    </message>
    <message>
        <source>Per-block scales are not shown for %1.</source>
        <translation>Für %1 werden keine Skalen je Block gezeigt.</translation>
    </message>
    <message>
        <source>No finite block scales.</source>
        <translation>Keine endlichen Blockskalen.</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 Einträge</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>end of generation</source>
        <translation>Ende der Generierung</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>undefiniert</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>control</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>user-defined</source>
        <translation>benutzerdefiniert</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>unbenutzt</translation>
    </message>
    <message>
        <source>byte</source>
        <translation>Byte</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Displays version information.</source>
        <translation>Zeigt die Versionsinformationen an.</translation>
    </message>
    <message>
        <source>Render a page of MODEL to FILE.png and exit.</source>
        <translation>Eine Seite von MODELL als DATEI.png speichern und beenden.</translation>
    </message>
    <message>
        <source>Page for --screenshot: %1 (default %2).</source>
        <translation>Seite für --screenshot: %1 (Vorgabe %2).</translation>
    </message>
    <message>
        <source>Inspect and run GGUF language models.</source>
        <translation>GGUF-Sprachmodelle untersuchen und ausführen.</translation>
    </message>
    <message>
        <source>The model to open.</source>
        <translation>Das zu öffnende Modell.</translation>
    </message>
    <message>
        <source>Tab of the page for --screenshot, by its title (the Tensors page&apos;s Quantize, …).</source>
        <translation>Reiter der Seite für --screenshot, nach seinem Titel (Quantisieren der Seite Tensoren, …).</translation>
    </message>
    <message>
        <source>Open an importance matrix (llama-imatrix&apos;s GGUF or .dat file) beside the model.</source>
        <translation>Eine Importance-Matrix (GGUF- oder .dat-Datei von llama-imatrix) neben dem Modell öffnen.</translation>
    </message>
    <message>
        <source>Text for the Perplexity and KL divergence pages (what --page perplexity and --page kl measure).</source>
        <translation>Text für die Seiten Perplexität und KL-Divergenz (was --page perplexity und --page kl messen).</translation>
    </message>
    <message>
        <source>The file MODEL is measured against on the compare and kl pages (also for --screenshot of them).</source>
        <translation>Die Datei, an der MODEL auf den Seiten compare und kl gemessen wird (auch für --screenshot dieser Seiten).</translation>
    </message>
    <message>
        <source>Chat with a model served over the OpenAI API at URL (realm-cli serve, llama-server, …) instead of the open model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::AblationPage</name>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Run ablation</source>
        <translation>Ablation rechnen</translation>
    </message>
    <message>
        <source>Attention head</source>
        <translation>Attention-Kopf</translation>
    </message>
    <message>
        <source>Whole attention</source>
        <translation>Ganze Attention</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>Feed-Forward</translation>
    </message>
    <message>
        <source>MoE expert</source>
        <translation>MoE-Experte</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>Schicht </translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Zero</source>
        <translation>Null</translation>
    </message>
    <message>
        <source>Mean over the prompt</source>
        <translation>Mittel über den Prompt</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Switched off together in one run</source>
        <translation>Zusammen in einem Lauf abgeschaltet</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Baseline logit</source>
        <translation>Logit ohne Eingriff</translation>
    </message>
    <message>
        <source>Ablated logit</source>
        <translation>Logit mit Ablation</translation>
    </message>
    <message>
        <source>Δlogit</source>
        <translation>ΔLogit</translation>
    </message>
    <message>
        <source>The baseline&apos;s top tokens at the last position (and the ablated run&apos;s top token when it is not among them)</source>
        <translation>Die besten Tokens ohne Eingriff an der letzten Position (und das beste Token mit Ablation, wenn es nicht darunter ist)</translation>
    </message>
    <message>
        <source>After layer</source>
        <translation>Nach Schicht</translation>
    </message>
    <message>
        <source>Baseline top</source>
        <translation>Bestes ohne Eingriff</translation>
    </message>
    <message>
        <source>Ablated top</source>
        <translation>Bestes mit Ablation</translation>
    </message>
    <message>
        <source>KL (nats)</source>
        <translation>KL (nats)</translation>
    </message>
    <message>
        <source>Logit lens of the last position: the top token if the model stopped after each layer, in both runs, and how far the two distributions are apart</source>
        <translation>Logit-Linse der letzten Position: das beste Token, wenn das Modell nach jeder Schicht endete, in beiden Läufen, und wie weit die beiden Verteilungen auseinanderliegen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Next-token logits&lt;/b&gt;</source>
        <translation>&lt;b&gt;Logits des nächsten Tokens&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Logit lens, last position&lt;/b&gt;</source>
        <translation>&lt;b&gt;Logit-Linse, letzte Position&lt;/b&gt;</translation>
    </message>
    <message>
        <source>head %1.%2</source>
        <translation>Kopf %1.%2</translation>
    </message>
    <message>
        <source>attention %1</source>
        <translation>Attention %1</translation>
    </message>
    <message>
        <source>FFN %1</source>
        <translation>FFN %1</translation>
    </message>
    <message>
        <source>expert %1.%2</source>
        <translation>Experte %1.%2</translation>
    </message>
    <message>
        <source>expert </source>
        <translation>Experte </translation>
    </message>
    <message>
        <source>head </source>
        <translation>Kopf </translation>
    </message>
    <message>
        <source>%1 layers, %2 heads, %3 experts (%4 per token)</source>
        <translation>%1 Schichten, %2 Köpfe, %3 Experten (%4 je Token)</translation>
    </message>
    <message>
        <source>%1 layers, %2 heads</source>
        <translation>%1 Schichten, %2 Köpfe</translation>
    </message>
    <message>
        <source>Add at least one head, attention, feed-forward or expert to switch off.</source>
        <translation>Mindestens einen Kopf, eine Attention, ein Feed-Forward oder einen Experten zum Abschalten hinzufügen.</translation>
    </message>
    <message>
        <source>Running the prompt twice (baseline and ablated)…</source>
        <translation>Der Prompt läuft zweimal (ohne Eingriff und mit Ablation)…</translation>
    </message>
    <message>
        <source>Ablation failed: %1</source>
        <translation>Ablation fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Switched off %1 · %2 tokens · %3 s</source>
        <translation>Abgeschaltet: %1 · %2 Tokens · %3 s</translation>
    </message>
    <message>
        <source>KL(baseline ‖ ablated) = &lt;b&gt;%1&lt;/b&gt; nats · next token &lt;b&gt;%2&lt;/b&gt; → &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>KL(ohne ‖ mit Ablation) = &lt;b&gt;%1&lt;/b&gt; nats · nächstes Token &lt;b&gt;%2&lt;/b&gt; → &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Zero: the part&apos;s output becomes 0. Mean: at every position it becomes its average over the prompt (an expert&apos;s, over the tokens that chose it).</source>
        <translation>Null: die Ausgabe des Teils wird 0. Mittel: an jeder Position wird sie ihr Mittelwert über den Prompt (bei einem Experten über die Tokens, die ihn gewählt haben).</translation>
    </message>
</context>
<context>
    <name>realm::ui::ApiKeyStore</name>
    <message>
        <source>No system keychain service is running: the API key is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1): the API key is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ArrayItemsModel</name>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatBackend</name>
    <message>
        <source>%1 tokens · %2 tok/s · first token %3 s · %4</source>
        <translation type="unfinished">%1 Tokens · %2 Tok./s · erstes Token %3 s · %4</translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatBackendPanel</name>
    <message>
        <source>Local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with the open model on this computer, or with a model served elsewhere (realm-cli serve, llama-server, vLLM, Ollama…) over the OpenAI API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model the server lists under /v1/models, or a name typed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished">Modell</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as “Authorization: Bearer …”; kept in the system keychain, never in the settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models listed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. http://127.0.0.1:8080</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatEngine</name>
    <message>
        <source>error: </source>
        <translation>Fehler: </translation>
    </message>
    <message>
        <source>the chat has not loaded the model</source>
        <translation>der Chat hat das Modell nicht geladen</translation>
    </message>
    <message>
        <source>this model has no experts</source>
        <translation>dieses Modell hat keine Experten</translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatPage</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line, Esc stops)</source>
        <translation>Nachricht (Eingabe sendet, Umschalt+Eingabe für eine neue Zeile, Esc hält an)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation>Als Markdown exportieren…</translation>
    </message>
    <message>
        <source>context %v / %m</source>
        <translation>Kontext %v / %m</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>Chat exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>generation started</source>
        <translation>Generierung gestartet</translation>
    </message>
    <message>
        <source>generation stopped</source>
        <translation>Generierung angehalten</translation>
    </message>
    <message>
        <source>Preparing the model…</source>
        <translation>Das Modell wird vorbereitet…</translation>
    </message>
    <message>
        <source>No model open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <source>Chat unavailable: </source>
        <translation>Chat nicht verfügbar: </translation>
    </message>
    <message>
        <source>Generating · %1 tokens · %2 tok/s</source>
        <translation>Generiert · %1 Tokens · %2 Tok./s</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generiert…</translation>
    </message>
    <message>
        <source>Last reply: %1 tokens · %2 tok/s</source>
        <translation>Letzte Antwort: %1 Tokens · %2 Tok./s</translation>
    </message>
    <message>
        <source>Could not save the conversation to %1</source>
        <translation>Das Gespräch konnte nicht in %1 gespeichert werden</translation>
    </message>
    <message>
        <source>**System:** %1

</source>
        <translation>**System:** %1

</translation>
    </message>
    <message>
        <source>**User:** %1

**Assistant:** %2

_%3_

</source>
        <translation>**Benutzer:** %1

**Assistent:** %2

_%3_

</translation>
    </message>
    <message>
        <source>Answer the last message again; the old reply stays as a branch (Ctrl+R)</source>
        <translation>Die letzte Nachricht erneut beantworten; die alte Antwort bleibt als Zweig erhalten (Strg+R)</translation>
    </message>
    <message>
        <source>Colour by probability</source>
        <translation>Nach Wahrscheinlichkeit färben</translation>
    </message>
    <message>
        <source>Colour each reply token by its probability before sampling: blue likely, red unlikely. Hover a token for its alternatives; click it to continue from one.</source>
        <translation>Jedes Token der Antwort nach seiner Wahrscheinlichkeit vor dem Sampling färben: blau wahrscheinlich, rot unwahrscheinlich. Mit der Maus über einem Token stehen seine Alternativen; ein Klick darauf setzt mit einer davon fort.</translation>
    </message>
    <message>
        <source>Editing a message: Send answers it as a new branch, Esc cancels.</source>
        <translation>Nachricht wird bearbeitet: Senden beantwortet sie als neuen Zweig, Esc bricht ab.</translation>
    </message>
    <message>
        <source>none (see the Steering page)</source>
        <translation>keine (siehe die Seite Steuerung)</translation>
    </message>
    <message>
        <source>Steering</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply ends before the first of these strings; separate them with |, write \n for a line break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the server and its model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply broke off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with a Server Instead</source>
        <translation>Stattdessen mit einem Server chatten</translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatTranscript</name>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 before sampling</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 vor dem Sampling</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>Continue with</source>
        <translation>Fortsetzen mit</translation>
    </message>
    <message>
        <source> [end]</source>
        <translation> [Ende]</translation>
    </message>
    <message>
        <source>&lt;i&gt;Probabilities as the server reported them.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;“kept”: left by the sampling chain. Click the token (or Shift+F10 at the caret) to continue from another one.&lt;/i&gt;</source>
        <translation>&lt;i&gt;„behalten“: von der Sampling-Kette übrig gelassen. Ein Klick auf das Token (oder Umschalt+F10 an der Schreibmarke) setzt mit einem anderen fort.&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>realm::ui::ComparePage</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Compare every tensor with the reference&apos;s (Ctrl+Return)</source>
        <translation>Jeden Tensor mit dem der Referenz vergleichen (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Every tensor of the open file against the reference file&apos;s tensor of the same name. Click a header to sort; select a tensor to see where its error lies.</source>
        <translation>Jeder Tensor der geöffneten Datei gegen den gleichnamigen Tensor der Referenzdatei. Ein Klick auf eine Spaltenüberschrift sortiert; ein ausgewählter Tensor zeigt, wo sein Fehler liegt.</translation>
    </message>
    <message>
        <source>Relative error per layer</source>
        <translation>Relativer Fehler je Schicht</translation>
    </message>
    <message>
        <source>For each kind of tensor, its relative error ‖this − reference‖ / ‖reference‖ in every layer. Kinds stored identically in both files (zero error everywhere) are left out.</source>
        <translation>Für jede Art von Tensor sein relativer Fehler ‖diese − Referenz‖ / ‖Referenz‖ in jeder Schicht. Arten, die in beiden Dateien gleich gespeichert sind (überall Fehler null), fehlen.</translation>
    </message>
    <message>
        <source>row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Select a tensor</source>
        <translation>Einen Tensor auswählen</translation>
    </message>
    <message>
        <source>The selected tensor&apos;s error |this − reference|: each cell is the root mean square of the error over the rows and columns it covers.</source>
        <translation>Der Fehler |diese − Referenz| des ausgewählten Tensors: jede Zelle ist der quadratische Mittelwert des Fehlers über die Zeilen und Spalten, die sie abdeckt.</translation>
    </message>
    <message>
        <source>RMSE per row</source>
        <translation>RMSE je Zeile</translation>
    </message>
    <message>
        <source>The selected tensor&apos;s RMSE of every row (the largest of each group of rows when there are more rows than points).</source>
        <translation>Der RMSE jeder Zeile des ausgewählten Tensors (der größte jeder Gruppe von Zeilen, wenn es mehr Zeilen als Punkte gibt).</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>Open a reference file to measure the open model against</source>
        <translation>Eine Referenzdatei öffnen, an der das geöffnete Modell gemessen wird</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Vergleiche…</translation>
    </message>
    <message>
        <source>Comparing every tensor with %1…</source>
        <translation>Vergleiche jeden Tensor mit %1…</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>Kein Vergleich</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cancelled after %1 s: the tensors compared so far (%2) are shown</source>
        <translation>Nach %1 s abgebrochen: die bis dahin verglichenen Tensoren (%2) werden gezeigt</translation>
    </message>
    <message>
        <source>Tensors compared: %1 · reference %2 · %3 s</source>
        <translation>Verglichene Tensoren: %1 · Referenz %2 · %3 s</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>relativer Fehler</translation>
    </message>
    <message>
        <source>Computing %1…</source>
        <translation>Berechne %1…</translation>
    </message>
    <message>
        <source>%1: RMS error per cell, up to %2</source>
        <translation>%1: RMS-Fehler je Zelle, bis %2</translation>
    </message>
    <message>
        <source>RMSE per row of %1</source>
        <translation>RMSE je Zeile von %1</translation>
    </message>
</context>
<context>
    <name>realm::ui::DownloadPanel</name>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Abbrechen</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 needs the model on this computer&lt;/h3&gt;&lt;p&gt;%2 is read over HTTP: the metadata, tensors and tokenizer pages read its header, and the tensor inspector fetches only the bytes of the rows and statistics it shows (kept in a cache of at most %3). Running the model needs every weight in memory: download the file (%4) first, and the downloaded copy opens in its place.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ErrorBanner</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>realm::ui::FileChangeWatcher</name>
    <message>
        <source>%1 was removed or renamed; the open model still shows the old contents.</source>
        <translation>%1 wurde entfernt oder umbenannt; das geöffnete Modell zeigt noch den alten Inhalt.</translation>
    </message>
</context>
<context>
    <name>realm::ui::HeatmapWidget</name>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>
(max-abs of the pooled cell)</source>
        <translation>
(betragsgrößter Wert der Zelle)</translation>
    </message>
</context>
<context>
    <name>realm::ui::ImatrixPage</name>
    <message>
        <source>Open Importance Matrix…</source>
        <translation>Importance-Matrix öffnen…</translation>
    </message>
    <message>
        <source>Filter entries (e.g. ffn_down, blk.3)…</source>
        <translation>Einträge filtern (z. B. ffn_down, blk.3)…</translation>
    </message>
    <message>
        <source>Select an entry to see the importance of each of its input columns.</source>
        <translation>Einen Eintrag wählen, um die Wichtigkeit jeder seiner Eingangsspalten zu sehen.</translation>
    </message>
    <message>
        <source>%1 was not opened; still showing %2 · %3</source>
        <translation>%1 wurde nicht geöffnet; weiterhin angezeigt: %2 · %3</translation>
    </message>
    <message>
        <source>Reading the importance matrix…</source>
        <translation>Importance-Matrix wird gelesen…</translation>
    </message>
    <message>
        <source>Open importance matrix</source>
        <translation>Importance-Matrix öffnen</translation>
    </message>
    <message>
        <source>Importance matrices (*.gguf *.dat *.imatrix);;All files (*)</source>
        <translation>Importance-Matrizen (*.gguf *.dat *.imatrix);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No importance matrix open. llama-imatrix writes one (GGUF, or the legacy .dat) from a model run over a calibration text; realm-cli quantize --imatrix uses it.</source>
        <translation>Keine Importance-Matrix geöffnet. llama-imatrix schreibt eine (GGUF oder das alte .dat), indem es ein Modell über einen Kalibrierungstext laufen lässt; realm-cli quantize --imatrix verwendet sie.</translation>
    </message>
    <message>
        <source>Open an importance matrix to see its entries.</source>
        <translation>Eine Importance-Matrix öffnen, um ihre Einträge zu sehen.</translation>
    </message>
    <message>
        <source>%1 chunks of %2 tokens</source>
        <translation>%1 Abschnitte zu %2 Tokens</translation>
    </message>
    <message>
        <source>dataset %1</source>
        <translation>Datensatz %1</translation>
    </message>
    <message>
        <source>%1 · %2 format · %3 entries%4</source>
        <translation>%1 · Format %2 · %3 Einträge%4</translation>
    </message>
    <message>
        <source>legacy .dat</source>
        <translation>altes .dat</translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
</context>
<context>
    <name>realm::ui::ImatrixStatsModel</name>
    <message>
        <source>Columns counted: the input width times the matrices that saw activations</source>
        <translation>Gezählte Spalten: Eingangsbreite mal Matrizen, die Aktivierungen gesehen haben</translation>
    </message>
    <message>
        <source>Matrices of the entry (experts of an MoE tensor)</source>
        <translation>Matrizen des Eintrags (Experten eines MoE-Tensors)</translation>
    </message>
    <message>
        <source>Sum of the mean squared activation of every column</source>
        <translation>Summe der mittleren quadrierten Aktivierung aller Spalten</translation>
    </message>
    <message>
        <source>Columns whose importance is above 1e-5</source>
        <translation>Spalten mit einer Wichtigkeit über 1e-5</translation>
    </message>
    <message>
        <source>Entropy in bits of the columns&apos; shares of the sum: high when importance is spread</source>
        <translation>Entropie (Bit) der Anteile der Spalten an der Summe: hoch, wenn die Wichtigkeit verteilt ist</translation>
    </message>
    <message>
        <source>Columns more than one standard deviation above the mean</source>
        <translation>Spalten mehr als eine Standardabweichung über dem Mittelwert</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Matrices</source>
        <translation>Matrizen</translation>
    </message>
    <message>
        <source>Σ act²</source>
        <translation>Σ akt²</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Std</translation>
    </message>
    <message>
        <source>Active %</source>
        <translation>Aktiv %</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <source>ZD %</source>
        <translation>ZD %</translation>
    </message>
</context>
<context>
    <name>realm::ui::ImportanceView</name>
    <message>
        <source>Importance of each input column of the weight matrix: the mean squared activation that column saw while llama-imatrix ran the model over its calibration text. Quantizing with the matrix (realm-cli quantize --imatrix) spends the precision of each block where these values are high. A few tall spikes are typical: some channels carry much larger activations.</source>
        <translation>Wichtigkeit jeder Eingangsspalte der Gewichtsmatrix: die mittlere quadrierte Aktivierung, die diese Spalte sah, während llama-imatrix das Modell über seinen Kalibrierungstext laufen ließ. Quantisieren mit der Matrix (realm-cli quantize --imatrix) legt die Genauigkeit jedes Blocks dorthin, wo diese Werte hoch sind. Einige hohe Spitzen sind typisch: manche Kanäle tragen viel größere Aktivierungen.</translation>
    </message>
    <message>
        <source>input column</source>
        <translation>Eingangsspalte</translation>
    </message>
    <message>
        <source>importance (mean act²)</source>
        <translation>Wichtigkeit (mittlere akt²)</translation>
    </message>
    <message>
        <source> · %1 matrices of %2 columns</source>
        <translation> · %1 Matrizen zu %2 Spalten</translation>
    </message>
    <message>
        <source>%1: N %2%3 · Σ act² %4 · min %5 · max %6 · mean %7 · std %8 · active %9 % · entropy %10 bits · ZD %11 %</source>
        <translation>%1: N %2%3 · Σ akt² %4 · min %5 · max %6 · Mittel %7 · Std %8 · aktiv %9 % · Entropie %10 Bit · ZD %11 %</translation>
    </message>
</context>
<context>
    <name>realm::ui::InterventionEngine</name>
    <message>
        <source>the model did not load</source>
        <translation>das Modell wurde nicht geladen</translation>
    </message>
    <message>
        <source>the clean prompt is %1 tokens (%2) and the corrupted one %3 (%4): patching compares the same positions, so both must have the same number of tokens</source>
        <translation>der saubere Prompt hat %1 Tokens (%2), der verfälschte %3 (%4): Patching vergleicht dieselben Positionen, beide müssen gleich viele Tokens haben</translation>
    </message>
    <message>
        <source>%1 positive and %2 negative prompts: they must pair up, one of each per line</source>
        <translation>%1 positive und %2 negative Prompts: sie müssen Paare bilden, je einer pro Zeile</translation>
    </message>
</context>
<context>
    <name>realm::ui::InterventionPage</name>
    <message>
        <source>The model cannot run: %1</source>
        <translation>Das Modell kann nicht laufen: %1</translation>
    </message>
</context>
<context>
    <name>realm::ui::KlPage</name>
    <message>
        <source>Run Both Models</source>
        <translation>Beide Modelle ausführen</translation>
    </message>
    <message>
        <source>Run the reference and the open model over the text (Ctrl+Return)</source>
        <translation>Die Referenz und das geöffnete Modell über den Text laufen lassen (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Paste a text here, or load one from a file: at least two contexts&apos; worth of tokens</source>
        <translation>Hier einen Text einfügen oder aus einer Datei laden: mindestens zwei Kontexte an Tokens</translation>
    </message>
    <message>
        <source>Load Text…</source>
        <translation>Text laden…</translation>
    </message>
    <message>
        <source>Tokens per chunk; each chunk starts from an empty cache and its second half is scored (llama-perplexity&apos;s -c, 512 by default)</source>
        <translation>Tokens je Abschnitt; jeder Abschnitt beginnt mit leerem Cache, seine zweite Hälfte wird bewertet (-c von llama-perplexity, Standard 512)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>At most this many chunks (llama-perplexity&apos;s --chunks)</source>
        <translation>Höchstens so viele Abschnitte (--chunks von llama-perplexity)</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>KL(reference ‖ this) in nats; the colour saturates at the 99th percentile</source>
        <translation>KL(Referenz ‖ dieses) in Nats; die Farbe sättigt beim 99. Perzentil</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>±</source>
        <translation>±</translation>
    </message>
    <message>
        <source>The figures llama-perplexity --kl-divergence prints, defined as it defines them: Q is the open model, base the reference; ± is the standard error of the mean; Δp is p(Q) − p(base) of the text&apos;s next token.</source>
        <translation>Die Kennzahlen, die llama-perplexity --kl-divergence ausgibt, so definiert wie dort: Q ist das geöffnete Modell, base die Referenz; ± ist der Standardfehler des Mittelwerts; Δp ist p(Q) − p(base) des nächsten Tokens im Text.</translation>
    </message>
    <message>
        <source>Load Text</source>
        <translation>Text laden</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md);;All files (*)</source>
        <translation>Textdateien (*.txt *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Running both models over the text…</source>
        <translation>Beide Modelle laufen über den Text…</translation>
    </message>
    <message>
        <source>Cannot measure: %1</source>
        <translation>Messung nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cancelled: the figures cover the chunks done (%1)</source>
        <translation>Abgebrochen: die Kennzahlen umfassen die fertigen Abschnitte (%1)</translation>
    </message>
    <message>
        <source>Text tokens: %1 · chunks: %2 of %3 tokens · scored: %4 · %5 s</source>
        <translation>Tokens im Text: %1 · Abschnitte: %2 zu %3 Tokens · bewertet: %4 · %5 s</translation>
    </message>
</context>
<context>
    <name>realm::ui::LayersPage</name>
    <message>
        <source>Prompt (Enter to tokenize)</source>
        <translation>Prompt (Eingabe zerlegt in Tokens)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Run the next stage (F10)</source>
        <translation>Die nächste Stufe rechnen (F10)</translation>
    </message>
    <message>
        <source>Run to end</source>
        <translation>Bis zum Ende</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>dim</source>
        <translation>Dim.</translation>
    </message>
    <message>
        <source>query</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>head </source>
        <translation>Kopf </translation>
    </message>
    <message>
        <source>Each cell: the top next-token prediction if the model stopped at this stage</source>
        <translation>Jede Zelle: das wahrscheinlichste nächste Token, wenn das Modell nach dieser Stufe endete</translation>
    </message>
    <message>
        <source>Residual stream (tokens × dims)</source>
        <translation>Residualstrom (Tokens × Dimensionen)</translation>
    </message>
    <message>
        <source>Attention (query × key)</source>
        <translation>Attention (Query × Key)</translation>
    </message>
    <message>
        <source>Logit lens (top token · probability)</source>
        <translation>Logit-Linse (bestes Token · Wahrscheinlichkeit)</translation>
    </message>
    <message>
        <source>Residual norm per token</source>
        <translation>Residualnorm je Token</translation>
    </message>
    <message>
        <source>The model cannot run: %1</source>
        <translation>Das Modell kann nicht laufen: %1</translation>
    </message>
    <message>
        <source>Step to run the embedding</source>
        <translation>Schritt rechnet das Embedding</translation>
    </message>
    <message>
        <source>Attention appears once a layer has run</source>
        <translation>Die Attention erscheint, sobald eine Schicht gelaufen ist</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;sub&gt;%3&lt;/sub&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:%1&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;sub&gt;%3&lt;/sub&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 tokens: %2</source>
        <translation>%1 Tokens: %2</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b2182b&apos;&gt;%1 failed: %2&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b2182b&apos;&gt;%1 fehlgeschlagen: %2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1: %2 ms</source>
        <translation>%1: %2 ms</translation>
    </message>
    <message>
        <source>%1: %2 ms · total %3 ms</source>
        <translation>%1: %2 ms · gesamt %3 ms</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>The embedding has no attention; step a layer</source>
        <translation>Das Embedding hat keine Attention; eine Schicht rechnen</translation>
    </message>
    <message>
        <source>after stage (0 = embedding)</source>
        <translation>nach Stufe (0 = Embedding)</translation>
    </message>
    <message>
        <source>‖residual‖</source>
        <translation>‖Residuum‖</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Write the prompt&apos;s activations as .npy files and index.json (the format of realm-cli activations)</source>
        <translation>Die Aktivierungen des Prompts als .npy-Dateien und index.json schreiben (das Format von realm-cli activations)</translation>
    </message>
    <message>
        <source>Export activations to</source>
        <translation>Aktivierungen exportieren nach</translation>
    </message>
    <message>
        <source>Nothing to export: enter a prompt the model can run first.</source>
        <translation>Nichts zu exportieren: zuerst einen Prompt eingeben, den das Modell rechnen kann.</translation>
    </message>
    <message>
        <source>Exporting %1 of %2 tokens to %3…</source>
        <translation>Exportiere %1 von %2 Tokens nach %3…</translation>
    </message>
    <message>
        <source>Export to %1 failed: %2</source>
        <translation>Export nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) and index.json to %1</source>
        <translation>
            <numerusform>%n Datei und index.json nach %1 geschrieben</numerusform>
            <numerusform>%n Dateien und index.json nach %1 geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Steering: %1</source>
        <translation>Steuervektor: %1</translation>
    </message>
</context>
<context>
    <name>realm::ui::LogitLensModel</name>
    <message>
        <source>%1 after %2: top token %3 (id %4), p = %5</source>
        <translation>%1 nach %2: bestes Token %3 (ID %4), p = %5</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
</context>
<context>
    <name>realm::ui::LogitsPage</name>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Nächstes Token</translation>
    </message>
    <message>
        <source>Run the prompt through every layer and show the next-token distribution (Enter)</source>
        <translation>Den Prompt durch alle Schichten rechnen und die Verteilung des nächsten Tokens zeigen (Eingabe)</translation>
    </message>
    <message>
        <source>stage %v of %m</source>
        <translation>Stufe %v von %m</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Most likely next tokens</source>
        <translation>Wahrscheinlichste nächste Tokens</translation>
    </message>
    <message>
        <source>Sorted log-probability over the vocabulary</source>
        <translation>Sortierte Log-Wahrscheinlichkeit über das Vokabular</translation>
    </message>
    <message>
        <source>Next token after: &lt;b&gt;%1&lt;/b&gt; (%2 logits)</source>
        <translation>Nächstes Token nach: &lt;b&gt;%1&lt;/b&gt; (%2 Logits)</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>gierig</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>all tokens</source>
        <translation>alle Tokens</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>log₁₀ p</source>
        <translation>log₁₀ p</translation>
    </message>
    <message>
        <source>Running &lt;b&gt;%1&lt;/b&gt; through the model…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; läuft durch das Modell…</translation>
    </message>
</context>
<context>
    <name>realm::ui::MainWindow</name>
    <message>
        <source>Realm Studio</source>
        <translation>Realm Studio</translation>
    </message>
    <message>
        <source>No model open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>RSS %1 · mapped %2 · KV %3</source>
        <translation>RSS %1 · eingeblendet %2 · KV %3</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <source>No demo model is installed.</source>
        <translation>Es ist kein Demomodell installiert.</translation>
    </message>
    <message>
        <source>Re&amp;load Model</source>
        <translation>Modell neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Close Model</source>
        <translation>Modell &amp;schließen</translation>
    </message>
    <message>
        <source>Reopen Last Model at Start</source>
        <translation>Letztes Modell beim Start wieder öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Realm Studio</source>
        <translation>Ü&amp;ber Realm Studio</translation>
    </message>
    <message>
        <source>Realm Studio %1 — inspect and run GGUF language models.</source>
        <translation>Realm Studio %1 – GGUF-Sprachmodelle untersuchen und ausführen.</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>%1 — Realm Studio</source>
        <translation>%1 – Realm Studio</translation>
    </message>
    <message>
        <source>Use context %1</source>
        <translation>Kontext %1 verwenden</translation>
    </message>
    <message>
        <source>memory warning: needs %1</source>
        <translation>Speicherwarnung: braucht %1</translation>
    </message>
    <message>
        <source>%1 changed on disk — Reload</source>
        <translation>%1 wurde auf der Platte geändert – Neu laden</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>%1 changed on disk</source>
        <translation>%1 wurde auf der Platte geändert</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 params · %4 · %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 Parameter · %4 · %5</translation>
    </message>
    <message>
        <source>   —   loading…</source>
        <translation>   –   wird geladen…</translation>
    </message>
    <message>
        <source>%1 is not a .gguf</source>
        <translation>%1 ist keine .gguf-Datei</translation>
    </message>
    <message>
        <source>Drop to open %1</source>
        <translation>Ablegen öffnet %1</translation>
    </message>
    <message>
        <source>Could not open the importance matrix %1</source>
        <translation>Die Importance-Matrix %1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open &amp;Importance Matrix…</source>
        <translation>&amp;Importance-Matrix öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL of a GGUF file (http:// or https://). Its header is read with range requests; tensor rows and statistics fetch only their bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an http:// or https:// URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · over HTTP from %1 (cache up to %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop one .gguf file or its http(s) URL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MemoryPage</name>
    <message>
        <source>Process memory, last 2 minutes</source>
        <translation>Prozessspeicher, letzte 2 Minuten</translation>
    </message>
    <message>
        <source>Stacked bands: model resident, KV cache, scratch; line: process RSS</source>
        <translation>Gestapelte Bänder: Modell im RAM, KV-Cache, Arbeitspuffer; Linie: RSS des Prozesses</translation>
    </message>
    <message>
        <source>model mapped &amp; resident</source>
        <translation>Modell eingeblendet &amp; im RAM</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV-Cache</translation>
    </message>
    <message>
        <source>activations / scratch</source>
        <translation>Aktivierungen / Arbeitspuffer</translation>
    </message>
    <message>
        <source>RSS (whole process)</source>
        <translation>RSS (ganzer Prozess)</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>RSS &lt;b&gt;%1&lt;/b&gt; · model mapped %2, resident &lt;b&gt;%3&lt;/b&gt; · KV cache &lt;b&gt;%4&lt;/b&gt; · scratch &lt;b&gt;%5&lt;/b&gt;</source>
        <translation>RSS &lt;b&gt;%1&lt;/b&gt; · Modell eingeblendet %2, im RAM &lt;b&gt;%3&lt;/b&gt; · KV-Cache &lt;b&gt;%4&lt;/b&gt; · Arbeitspuffer &lt;b&gt;%5&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The chat&apos;s model runs elsewhere: &lt;b&gt;%1&lt;/b&gt;. Its memory is the server&apos;s; this chart shows only this computer&apos;s process.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MetadataModel</name>
    <message>
        <source>Double-click to browse the %1 items</source>
        <translation>Doppelklick zeigt die %1 Einträge</translation>
    </message>
    <message>
        <source>Double-click to read the whole text</source>
        <translation>Doppelklick zeigt den ganzen Text</translation>
    </message>
    <message>
        <source>key at byte offset %1</source>
        <translation>Schlüssel bei Byte-Offset %1</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>realm::ui::MetadataPage</name>
    <message>
        <source>Filter keys and values…</source>
        <translation>Schlüssel und Werte filtern…</translation>
    </message>
    <message>
        <source>Select an array or a long string to see all of it.</source>
        <translation>Ein Array oder eine lange Zeichenkette wählen, um sie ganz zu sehen.</translation>
    </message>
    <message>
        <source>Filter items (text or index)…</source>
        <translation>Einträge filtern (Text oder Index)…</translation>
    </message>
    <message>
        <source>%1 matching items</source>
        <translation>%1 passende Einträge</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 items</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 Einträge</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 Einträge</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 characters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 Zeichen</translation>
    </message>
</context>
<context>
    <name>realm::ui::OverviewPage</name>
    <message>
        <source>Bytes per tensor type</source>
        <translation>Bytes je Tensortyp</translation>
    </message>
    <message>
        <source>How much of the file each storage type takes</source>
        <translation>Wie viel der Datei jeder Speichertyp belegt</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>Dateigröße</translation>
    </message>
    <message>
        <source>Bits per weight</source>
        <translation>Bits je Gewicht</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Dateityp</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>Tensoren</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Köpfe</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV-Köpfe</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Embedding</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; as stored vs &lt;b&gt;%2&lt;/b&gt; as f32 (%3× smaller)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; gespeichert gegenüber &lt;b&gt;%2&lt;/b&gt; als f32 (%3× kleiner)</translation>
    </message>
</context>
<context>
    <name>realm::ui::PatchingPage</name>
    <message>
        <source>The clean prompt&apos;s answer: exactly one token (&quot;Rome&quot; for SentencePiece vocabularies, &quot; Rome&quot; with its space for byte-level BPE ones)</source>
        <translation>Die Antwort des sauberen Prompts: genau ein Token („Rome“ bei SentencePiece-Vokabularen, „ Rome“ mit Leerzeichen bei Byte-BPE-Vokabularen)</translation>
    </message>
    <message>
        <source>The corrupted prompt&apos;s answer: exactly one token</source>
        <translation>Die Antwort des verfälschten Prompts: genau ein Token</translation>
    </message>
    <message>
        <source>Clean prompt</source>
        <translation>Sauberer Prompt</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Corrupted prompt</source>
        <translation>Verfälschter Prompt</translation>
    </message>
    <message>
        <source>Residual stream</source>
        <translation>Residualstrom</translation>
    </message>
    <message>
        <source>One attention head</source>
        <translation>Ein Attention-Kopf</translation>
    </message>
    <message>
        <source>head </source>
        <translation>Kopf </translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>Durchlauf starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>Patchen</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Recovered logit difference when the clean run&apos;s activation is patched in at this layer and position: 1 = the clean answer&apos;s margin, 0 = the corrupted one&apos;s</source>
        <translation>Wiederhergestellte Logit-Differenz, wenn die Aktivierung des sauberen Laufs an dieser Schicht und Position eingesetzt wird: 1 = der Abstand der sauberen Antwort, 0 = der des verfälschten Laufs</translation>
    </message>
    <message>
        <source>Run a sweep to fill the map</source>
        <translation>Einen Durchlauf starten, um die Karte zu füllen</translation>
    </message>
    <message>
        <source>Sweeping… %1 %</source>
        <translation>Durchlauf… %1 %</translation>
    </message>
    <message>
        <source>Running both prompts…</source>
        <translation>Beide Prompts laufen…</translation>
    </message>
    <message>
        <source>Patching failed: %1</source>
        <translation>Patching fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No sweep</source>
        <translation>Kein Durchlauf</translation>
    </message>
    <message>
        <source>Cancelled after %1 s: the cells reached are shown</source>
        <translation>Nach %1 s abgebrochen: die erreichten Zellen werden gezeigt</translation>
    </message>
    <message>
        <source>%1 layers × %2 positions · %3 s</source>
        <translation>%1 Schichten × %2 Positionen · %3 s</translation>
    </message>
    <message>
        <source>Logit difference (answer − wrong answer): clean %1, corrupted %2 · positions (clean|corrupted): %3</source>
        <translation>Logit-Differenz (Antwort − falsche Antwort): sauber %1, verfälscht %2 · Positionen (sauber|verfälscht): %3</translation>
    </message>
</context>
<context>
    <name>realm::ui::PerplexityPage</name>
    <message>
        <source>Load Text File…</source>
        <translation>Textdatei laden…</translation>
    </message>
    <message>
        <source>Pasted text</source>
        <translation>Eingefügter Text</translation>
    </message>
    <message>
        <source>Paste a text here or load one from a file. It is cut into chunks of the context size and needs at least two chunks&apos; worth of tokens.</source>
        <translation>Hier einen Text einfügen oder aus einer Datei laden. Er wird in Abschnitte der Kontextgröße geteilt und braucht mindestens Tokens für zwei Abschnitte.</translation>
    </message>
    <message>
        <source>Tokens per chunk (-c): each chunk starts from an empty cache and only its second half is scored, as llama-perplexity does</source>
        <translation>Tokens pro Abschnitt (-c): jeder Abschnitt beginnt mit leerem Cache und nur seine zweite Hälfte wird bewertet, wie bei llama-perplexity</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Score only the first chunks (--chunks); &quot;all&quot; scores every whole chunk</source>
        <translation>Nur die ersten Abschnitte bewerten (--chunks); „alle“ bewertet jeden vollständigen Abschnitt</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Messen</translation>
    </message>
    <message>
        <source>Measure the perplexity (Ctrl+Return)</source>
        <translation>Perplexität messen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>Perplexity of each chunk (points) and of every scored token so far (line). Perplexity is exp of the mean negative log-probability the model gave each next token of the text: how many tokens it was choosing between, on average. A chunk far above the others holds text the model finds unusual.</source>
        <translation>Perplexität jedes Abschnitts (Punkte) und aller bisher bewerteten Tokens (Linie). Perplexität ist exp der mittleren negativen Log-Wahrscheinlichkeit, die das Modell jedem nächsten Token des Textes gab: zwischen wie vielen Tokens es im Mittel wählte. Ein Abschnitt weit über den anderen enthält Text, den das Modell ungewöhnlich findet.</translation>
    </message>
    <message>
        <source>chunk</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>Load text</source>
        <translation>Text laden</translation>
    </message>
    <message>
        <source>Text files (*.txt *.raw *.md);;All files (*)</source>
        <translation>Textdateien (*.txt *.raw *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Text of %1</source>
        <translation>Text aus %1</translation>
    </message>
    <message>
        <source>%1: cannot open text file (%2)</source>
        <translation>%1: Textdatei kann nicht geöffnet werden (%2)</translation>
    </message>
    <message>
        <source>Paste a text or load a text file first.</source>
        <translation>Zuerst einen Text einfügen oder eine Textdatei laden.</translation>
    </message>
    <message>
        <source>Tokenizing…</source>
        <translation>Tokenisiere…</translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>eingefügter Text</translation>
    </message>
    <message>
        <source>%1 tokens, %2 chunks of %3 (the second half of each scored)…</source>
        <translation>%1 Tokens, %2 Abschnitte zu %3 (jeweils die zweite Hälfte bewertet)…</translation>
    </message>
    <message>
        <source>PPL %1 after %2 of %3 chunks</source>
        <translation>PPL %1 nach %2 von %3 Abschnitten</translation>
    </message>
    <message>
        <source>Perplexity failed: %1</source>
        <translation>Perplexität fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>PPL = %1 ± %2</source>
        <translation>PPL = %1 ± %2</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 chunks: the figures cover those</source>
        <translation>Nach %1 von %2 Abschnitten abgebrochen: die Zahlen gelten für diese</translation>
    </message>
    <message>
        <source>%1 tokens of text, %2 chunks of %3, %4 tokens scored</source>
        <translation>%1 Tokens Text, %2 Abschnitte zu %3, %4 Tokens bewertet</translation>
    </message>
</context>
<context>
    <name>realm::ui::QuantizePreview</name>
    <message>
        <source>Quantize to</source>
        <translation>Quantisieren nach</translation>
    </message>
    <message>
        <source>The tensor types realm-cli quantize writes; the tensor is quantized to it and read back, and nothing is written</source>
        <translation>Die Tensortypen, die realm-cli quantize schreibt; der Tensor wird dorthin quantisiert und zurückgelesen, geschrieben wird nichts</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>How far each value moves when the tensor is stored in the chosen type: the histogram of (value after quantizing and reading back) − (value in the file). A narrow peak means the type keeps the values well; wide shoulders show blocks whose scale cannot fit all their values.</source>
        <translation>Wie weit sich jeder Wert bewegt, wenn der Tensor im gewählten Typ gespeichert wird: das Histogramm von (Wert nach Quantisieren und Zurücklesen) − (Wert in der Datei). Eine schmale Spitze heißt, der Typ hält die Werte gut; breite Schultern zeigen Blöcke, deren Skala nicht alle ihre Werte fassen kann.</translation>
    </message>
    <message>
        <source>Rows of %1 values do not split into %2 blocks of %3</source>
        <translation>Zeilen von %1 Werten lassen sich nicht in %2-Blöcke zu %3 teilen</translation>
    </message>
    <message>
        <source>Type %1 cannot be converted to f32, so it cannot be quantized again.</source>
        <translation>Typ %1 kann nicht in f32 umgewandelt und daher nicht erneut quantisiert werden.</translation>
    </message>
    <message>
        <source>%1 is already quantized: its values are dequantized, then quantized to %2. The error is what this second quantization adds to the %1 values, not the distance from the original weights.</source>
        <translation>%1 ist bereits quantisiert: seine Werte werden dequantisiert und dann nach %2 quantisiert. Der Fehler ist, was diese zweite Quantisierung zu den %1-Werten hinzufügt, nicht der Abstand zu den ursprünglichen Gewichten.</translation>
    </message>
    <message>
        <source>Quantizing %1 values to %2 and reading them back…</source>
        <translation>Quantisiere %1 Werte nach %2 und lese sie zurück…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1 → %2: RMSE %3 · max |error| %4 · relative error %5 % · %6 → %7 (%8 bits per weight)</source>
        <translation>%1 → %2: RMSE %3 · max. |Fehler| %4 · relativer Fehler %5 % · %6 → %7 (%8 Bit pro Gewicht)</translation>
    </message>
    <message>
        <source>quantized − original</source>
        <translation>quantisiert − original</translation>
    </message>
    <message>
        <source>with the importance matrix</source>
        <translation>mit der Importance-Matrix</translation>
    </message>
    <message>
        <source>Quantize as realm-cli quantize --imatrix (and llama-quantize --imatrix) do, weighing each column by the open importance matrix</source>
        <translation>Quantisieren wie realm-cli quantize --imatrix (und llama-quantize --imatrix), jede Spalte gewichtet mit der geöffneten Importance-Matrix</translation>
    </message>
    <message>
        <source>%1 has no quantizer that takes an importance matrix</source>
        <translation>%1 hat keinen Quantisierer, der eine Importance-Matrix nimmt</translation>
    </message>
    <message>
        <source>quantized with %1: importance-weighted RMSE %2</source>
        <translation>quantisiert mit %1: nach Wichtigkeit gewichteter RMSE %2</translation>
    </message>
    <message>
        <source>importance-weighted RMSE %2 (by %1)</source>
        <translation>nach Wichtigkeit gewichteter RMSE %2 (nach %1)</translation>
    </message>
</context>
<context>
    <name>realm::ui::ReferencePage</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Press %1 (Ctrl+Return) to measure the open model against the reference</source>
        <translation>%1 (Ctrl+Return) drücken, um das geöffnete Modell an der Referenz zu messen</translation>
    </message>
    <message>
        <source>Open a reference file to measure the open model against</source>
        <translation>Eine Referenzdatei öffnen, an der das geöffnete Modell gemessen wird</translation>
    </message>
</context>
<context>
    <name>realm::ui::ReferencePicker</name>
    <message>
        <source>Open Reference…</source>
        <translation>Referenz öffnen…</translation>
    </message>
    <message>
        <source>The file to measure the open model against, usually the unquantized one (same architecture and tensor shapes)</source>
        <translation>Die Datei, an der das geöffnete Modell gemessen wird, meist die unquantisierte (gleiche Architektur und Tensorformen)</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>Referenz:</translation>
    </message>
    <message>
        <source>none: open one to compare with</source>
        <translation>keine: eine zum Vergleichen öffnen</translation>
    </message>
    <message>
        <source>Open Reference Model</source>
        <translation>Referenzmodell öffnen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>realm::ui::RemoteChat</name>
    <message>
        <source>%1 refused the API key (HTTP %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered HTTP %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to %1 broke off in the middle of the reply: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists no models (expected {&quot;data&quot;: [{&quot;id&quot;: …}]}, got: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sent a malformed event stream: event %1 (ending at byte %2) is not a JSON object (%3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server reported an error mid-reply: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sent a malformed event stream: event %1 has neither &quot;choices&quot; nor &quot;usage&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 s; gave up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s reply is neither an event stream nor a chat completion: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream ended in the middle of an event (byte %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream ended before the reply was complete (no finish_reason, no [DONE])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: </source>
        <translation type="unfinished">Fehler: </translation>
    </message>
</context>
<context>
    <name>realm::ui::RoutingPage</name>
    <message>
        <source>Show routing</source>
        <translation>Routing zeigen</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
    <message>
        <source>Share of the prompt&apos;s tokens each layer sends to each expert</source>
        <translation>Anteil der Tokens des Prompts, die jede Schicht an jeden Experten schickt</translation>
    </message>
    <message>
        <source>Run a prompt through a mixture-of-experts model</source>
        <translation>Einen Prompt durch ein Mixture-of-Experts-Modell laufen lassen</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>The router weight of each chosen expert for each token (0: not chosen)</source>
        <translation>Das Router-Gewicht jedes gewählten Experten für jedes Token (0: nicht gewählt)</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>Schicht </translation>
    </message>
    <message>
        <source>&lt;b&gt;Chosen experts and weights per token&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gewählte Experten und Gewichte je Token&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Expert load per layer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Expertenlast je Schicht&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This model has no experts: routing exists only in mixture-of-experts models (expert_count in the metadata).</source>
        <translation>Dieses Modell hat keine Experten: Routing gibt es nur in Mixture-of-Experts-Modellen (expert_count in den Metadaten).</translation>
    </message>
    <message>
        <source>%1 experts, %2 chosen per token, %3 layers</source>
        <translation>%1 Experten, %2 je Token gewählt, %3 Schichten</translation>
    </message>
    <message>
        <source>Running the prompt…</source>
        <translation>Der Prompt läuft…</translation>
    </message>
    <message>
        <source>No routing: %1</source>
        <translation>Kein Routing: %1</translation>
    </message>
    <message>
        <source>%1 tokens · %2 experts, %3 chosen per token · %4 layers</source>
        <translation>%1 Tokens · %2 Experten, %3 je Token gewählt · %4 Schichten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chosen experts and weights per token, layer %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gewählte Experten und Gewichte je Token, Schicht %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Chat&apos;s load</source>
        <translation>Last des Chats</translation>
    </message>
    <message>
        <source>Expert load over everything the chat has run (prompts and replies)</source>
        <translation>Expertenlast über alles, was der Chat gerechnet hat (Prompts und Antworten)</translation>
    </message>
    <message>
        <source>Asking the chat (after its running reply)…</source>
        <translation>Frage den Chat (nach seiner laufenden Antwort)…</translation>
    </message>
    <message>
        <source>The chat so far: %1 tokens · %2 experts, %3 chosen per token · %4 layers</source>
        <translation>Der Chat bisher: %1 Tokens · %2 Experten, %3 je Token gewählt · %4 Schichten</translation>
    </message>
    <message>
        <source>Per-token weights are shown for a prompt (Show routing)</source>
        <translation>Gewichte je Token gibt es für einen Prompt (Routing zeigen)</translation>
    </message>
</context>
<context>
    <name>realm::ui::ScreenshotRunner</name>
    <message>
        <source>timed out waiting for the page to finish its work</source>
        <translation>Zeitüberschreitung beim Warten auf die Seite</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>wrote %1 (%2×%3)</source>
        <translation>%1 geschrieben (%2×%3)</translation>
    </message>
    <message>
        <source>--page perplexity needs a text: --text-file FILE</source>
        <translation>--page perplexity braucht einen Text: --text-file DATEI</translation>
    </message>
    <message>
        <source>page %1 has no tab &apos;%2&apos;</source>
        <translation>Seite %1 hat keinen Reiter „%2“</translation>
    </message>
    <message>
        <source>--page imatrix needs an importance matrix: --imatrix FILE</source>
        <translation>--page imatrix braucht eine Importance-Matrix: --imatrix DATEI</translation>
    </message>
    <message>
        <source>--page %1 needs the file to compare with: --reference FILE</source>
        <translation>--page %1 braucht die Datei zum Vergleichen: --reference DATEI</translation>
    </message>
    <message>
        <source>--page kl needs a text: --text-file FILE</source>
        <translation>--page kl braucht einen Text: --text-file DATEI</translation>
    </message>
</context>
<context>
    <name>realm::ui::StartPage</name>
    <message>
        <source>Realm Studio</source>
        <translation>Realm Studio</translation>
    </message>
    <message>
        <source>Drop a .gguf file anywhere on this window, or:</source>
        <translation>Eine .gguf-Datei irgendwo auf dieses Fenster ziehen, oder:</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <source>Open demo model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <source>No demo model is installed (share/realm-studio/demo.gguf)</source>
        <translation>Es ist kein Demomodell installiert (share/realm-studio/demo.gguf)</translation>
    </message>
</context>
<context>
    <name>realm::ui::SteeringPage</name>
    <message>
        <source>Apply a control vector (llama.cpp --control-vector-scaled)</source>
        <translation>Einen Steuervektor anwenden (llama.cpp --control-vector-scaled)</translation>
    </message>
    <message>
        <source>A control-vector GGUF (llama-cvector-generator or made below)</source>
        <translation>Ein Steuervektor-GGUF (von llama-cvector-generator oder unten erstellt)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Each layer&apos;s output gets strength × direction added (negative: steer away)</source>
        <translation>Zur Ausgabe jeder Schicht wird Stärke × Richtung addiert (negativ: weg steuern)</translation>
    </message>
    <message>
        <source>Layer stepper</source>
        <translation>Schichtweises Rechnen</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Layer stepper: not steered</source>
        <translation>Schichtweises Rechnen: nicht gesteuert</translation>
    </message>
    <message>
        <source>Chat: not steered</source>
        <translation>Chat: nicht gesteuert</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Make one from prompt pairs (llama-cvector-generator --method mean)</source>
        <translation>Einen aus Prompt-Paaren erstellen (llama-cvector-generator --method mean)</translation>
    </message>
    <message>
        <source>One prompt per line, e.g. &quot;I love this&quot;</source>
        <translation>Ein Prompt je Zeile, z. B. „I love this“</translation>
    </message>
    <message>
        <source>The same number of lines, e.g. &quot;I hate this&quot;</source>
        <translation>Gleich viele Zeilen, z. B. „I hate this“</translation>
    </message>
    <message>
        <source>Make and save…</source>
        <translation>Erstellen und speichern…</translation>
    </message>
    <message>
        <source>Runs every pair and saves the mean residual difference per layer as a control vector llama.cpp loads</source>
        <translation>Rechnet jedes Paar und speichert die mittlere Residualdifferenz je Schicht als Steuervektor, den llama.cpp lädt</translation>
    </message>
    <message>
        <source>Positive prompts</source>
        <translation>Positive Prompts</translation>
    </message>
    <message>
        <source>Negative prompts</source>
        <translation>Negative Prompts</translation>
    </message>
    <message>
        <source>Open a control vector</source>
        <translation>Einen Steuervektor öffnen</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation>GGUF-Dateien (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save the control vector</source>
        <translation>Den Steuervektor speichern</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF-Dateien (*.gguf)</translation>
    </message>
    <message>
        <source>Choose a control-vector file first.</source>
        <translation>Zuerst eine Steuervektor-Datei wählen.</translation>
    </message>
    <message>
        <source>%1: not steered: %2</source>
        <translation>%1: nicht gesteuert: %2</translation>
    </message>
    <message>
        <source>%1: not steered</source>
        <translation>%1: nicht gesteuert</translation>
    </message>
    <message>
        <source>%1: steered by %2</source>
        <translation>%1: gesteuert durch %2</translation>
    </message>
    <message>
        <source>Running %1 prompt pairs…</source>
        <translation>%1 Prompt-Paare laufen…</translation>
    </message>
    <message>
        <source>No control vector made: %1</source>
        <translation>Kein Steuervektor erstellt: %1</translation>
    </message>
    <message>
        <source>Saved %1: %2 pairs, %3 layers with a direction · %4 s</source>
        <translation>%1 gespeichert: %2 Paare, %3 Schichten mit Richtung · %4 s</translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorErrorModel</name>
    <message>
        <source>The tensor&apos;s type in the reference file</source>
        <translation>Der Typ des Tensors in der Referenzdatei</translation>
    </message>
    <message>
        <source>The tensor&apos;s type in the open file</source>
        <translation>Der Typ des Tensors in der geöffneten Datei</translation>
    </message>
    <message>
        <source>Root mean square of (this − reference) over every element</source>
        <translation>Quadratischer Mittelwert von (diese − Referenz) über alle Elemente</translation>
    </message>
    <message>
        <source>Largest |this − reference| of any element</source>
        <translation>Größtes |diese − Referenz| aller Elemente</translation>
    </message>
    <message>
        <source>Cosine similarity of the two tensors as vectors (1: same direction)</source>
        <translation>Kosinus-Ähnlichkeit der beiden Tensoren als Vektoren (1: gleiche Richtung)</translation>
    </message>
    <message>
        <source>‖this − reference‖ / ‖reference‖ (Euclidean norms)</source>
        <translation>‖diese − Referenz‖ / ‖Referenz‖ (euklidische Normen)</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Reference type</source>
        <translation>Typ der Referenz</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>Max |error|</source>
        <translation>Max. |Fehler|</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Relative error</source>
        <translation>Relativer Fehler</translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorInspector</name>
    <message>
        <source>Select a tensor</source>
        <translation>Einen Tensor wählen</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation>Als .npy exportieren…</translation>
    </message>
    <message>
        <source>column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>col</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>Export row as CSV</source>
        <translation>Zeile als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export row as .npy</source>
        <translation>Zeile als .npy exportieren</translation>
    </message>
    <message>
        <source>NumPy (*.npy)</source>
        <translation>NumPy (*.npy)</translation>
    </message>
    <message>
        <source>Type %1 cannot be converted to f32: no statistics or pictures.</source>
        <translation>Typ %1 lässt sich nicht in f32 umwandeln: keine Statistik und keine Bilder.</translation>
    </message>
    <message>
        <source>Computing statistics…</source>
        <translation>Statistik wird berechnet…</translation>
    </message>
    <message>
        <source>Pooling %1 × %2 values…</source>
        <translation>%1 × %2 Werte werden zusammengefasst…</translation>
    </message>
    <message>
        <source>min %1 · max %2 · mean %3 · std %4 · abs-max %5 · zeros %6 · NaN %7 · Inf %8</source>
        <translation>Min %1 · Max %2 · Mittel %3 · Std.-Abw. %4 · Betragsmax. %5 · Nullen %6 · NaN %7 · Inf %8</translation>
    </message>
    <message>
        <source>Scale d of each of the %1 blocks: min %2, max %3</source>
        <translation>Skala d jedes der %1 Blöcke: Min %2, Max %3</translation>
    </message>
    <message>
        <source>block scale d</source>
        <translation>Blockskala d</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Quantisieren</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>Wichtigkeit</translation>
    </message>
    <message>
        <source>Select a tensor to see its entry in %1.</source>
        <translation>Einen Tensor wählen, um seinen Eintrag in %1 zu sehen.</translation>
    </message>
    <message>
        <source>%1 has no entry for %2: llama-imatrix records the inputs of weight matrices only.</source>
        <translation>%1 hat keinen Eintrag für %2: llama-imatrix zeichnet nur die Eingaben von Gewichtsmatrizen auf.</translation>
    </message>
    <message>
        <source>The entry has %1 × %2 columns but this tensor&apos;s rows have %3 values (%4 matrices): the matrix was made for another model.</source>
        <translation>Der Eintrag hat %1 × %2 Spalten, die Zeilen dieses Tensors aber %3 Werte (%4 Matrizen): die Matrix wurde für ein anderes Modell erstellt.</translation>
    </message>
    <message>
        <source>Statistics read the whole tensor (%1) from the server: &lt;a href=&quot;stats&quot;&gt;compute statistics&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorTreeModel</name>
    <message>
        <source>%1 tensors</source>
        <translation>%1 Tensoren</translation>
    </message>
    <message>
        <source>%1 · %2 bytes</source>
        <translation>%1 · %2 Bytes</translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorsPage</name>
    <message>
        <source>Filter tensors (e.g. attn_q, blk.3, ffn)…</source>
        <translation>Tensoren filtern (z. B. attn_q, blk.3, ffn)…</translation>
    </message>
</context>
<context>
    <name>realm::ui::TokenDamageView</name>
    <message>
        <source>The text as both models read it, one token at a time. Each scored token&apos;s background shows its KL divergence KL(reference ‖ this) of the next-token distributions at the position before it: the stronger the colour, the more the quantization changed what the model expected there. Dimmed tokens are context only (the first half of each chunk, as llama-perplexity scores). Hover a token for its figures.</source>
        <translation>Der Text, wie beide Modelle ihn lesen, Token für Token. Der Hintergrund jedes bewerteten Tokens zeigt die KL-Divergenz KL(Referenz ‖ dieses) der Verteilungen des nächsten Tokens an der Position davor: je kräftiger die Farbe, desto mehr hat die Quantisierung verändert, was das Modell dort erwartete. Abgeblendete Tokens sind nur Kontext (die erste Hälfte jedes Abschnitts, wie llama-perplexity bewertet). Mit der Maus über einem Token erscheinen seine Kennzahlen.</translation>
    </message>
    <message>
        <source>%1: context only (not scored)</source>
        <translation>%1: nur Kontext (nicht bewertet)</translation>
    </message>
    <message>
        <source>Top token: %1 in both models</source>
        <translation>Wahrscheinlichstes Token: %1 in beiden Modellen</translation>
    </message>
    <message>
        <source>Top token: %1 in the reference, %2 in this model</source>
        <translation>Wahrscheinlichstes Token: %1 in der Referenz, %2 in diesem Modell</translation>
    </message>
    <message>
        <source>%1
KL(reference ‖ this): %2 nats
Δp of this token: %3 %
%4
Δp of the reference&apos;s top token: %5 %</source>
        <translation>%1
KL(Referenz ‖ dieses): %2 Nats
Δp dieses Tokens: %3 %
%4
Δp des wahrscheinlichsten Tokens der Referenz: %5 %</translation>
    </message>
</context>
<context>
    <name>realm::ui::TokenizerPage</name>
    <message>
        <source>Add BOS/EOS (as the vocabulary asks)</source>
        <translation>BOS/EOS hinzufügen (wie das Vokabular es verlangt)</translation>
    </message>
    <message>
        <source>Parse special tokens (&lt;s&gt;, &lt;|im_start|&gt; …)</source>
        <translation>Spezielle Tokens erkennen (&lt;s&gt;, &lt;|im_start|&gt; …)</translation>
    </message>
    <message>
        <source>Type text to tokenize</source>
        <translation>Text zum Zerlegen eingeben</translation>
    </message>
    <message>
        <source>&lt;b&gt;Text&lt;/b&gt;</source>
        <translation>&lt;b&gt;Text&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tokens over the text&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tokens über dem Text&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Text to tokens</source>
        <translation>Text in Tokens</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 tokens&lt;/b&gt; · %2 characters · %3 ms</source>
        <translation>&lt;b&gt;%1 Tokens&lt;/b&gt; · %2 Zeichen · %3 ms</translation>
    </message>
    <message>
        <source>Double-click a token to find it in the vocabulary</source>
        <translation>Doppelklick auf ein Token sucht es im Vokabular</translation>
    </message>
</context>
<context>
    <name>realm::ui::VocabularyBrowser</name>
    <message>
        <source>Search by text or id…</source>
        <translation>Nach Text oder ID suchen…</translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation>Alle Tokens</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Special (control, user-defined, BOS/EOS …)</source>
        <translation>Speziell (Steuerung, benutzerdefiniert, BOS/EOS …)</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>User-defined</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Byte fallback (&lt;0xNN&gt;)</source>
        <translation>Byte-Fallback (&lt;0xNN&gt;)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Unused</source>
        <translation>Unbenutzt</translation>
    </message>
    <message>
        <source>Made by a BPE merge</source>
        <translation>Aus einer BPE-Zusammenführung</translation>
    </message>
    <message>
        <source>&lt;p&gt;Every token of the model&apos;s vocabulary. &lt;b&gt;Token&lt;/b&gt; is the text the token stands for (␣ is a space, \n a new line, \xNN a byte that is not text on its own); &lt;b&gt;Stored as&lt;/b&gt; is the entry as the file stores it (byte-level BPE writes a space as Ġ, SentencePiece as ▁). &lt;b&gt;Type&lt;/b&gt;: normal, control (BOS, EOS, chat markers), user-defined, byte (the byte-fallback pieces &amp;lt;0xNN&amp;gt; that spell out text no other token covers), unused. &lt;b&gt;Score&lt;/b&gt;: SentencePiece&apos;s log-probability of the piece. &lt;b&gt;Merge rank&lt;/b&gt;: the place of the BPE merge that makes the token; the tokenizer applies lower ranks first, and &lt;b&gt;Merge of&lt;/b&gt; names the two tokens it joins.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Jedes Token im Vokabular des Modells. &lt;b&gt;Token&lt;/b&gt; ist der Text, für den das Token steht (␣ ist ein Leerzeichen, \n ein Zeilenumbruch, \xNN ein Byte, das allein kein Text ist); &lt;b&gt;Gespeichert als&lt;/b&gt; ist der Eintrag, wie die Datei ihn speichert (Byte-Level-BPE schreibt ein Leerzeichen als Ġ, SentencePiece als ▁). &lt;b&gt;Typ&lt;/b&gt;: normal, Steuerung (BOS, EOS, Chat-Marken), benutzerdefiniert, Byte (die Byte-Fallback-Stücke &amp;lt;0xNN&amp;gt;, die Text buchstabieren, den kein anderes Token abdeckt), unbenutzt. &lt;b&gt;Bewertung&lt;/b&gt;: die Log-Wahrscheinlichkeit des Stücks bei SentencePiece. &lt;b&gt;Merge-Rang&lt;/b&gt;: die Stelle der BPE-Zusammenführung, die das Token bildet; der Tokenizer wendet niedrigere Ränge zuerst an, und &lt;b&gt;Merge aus&lt;/b&gt; nennt die beiden Tokens, die sie verbindet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Reading the vocabulary…</source>
        <translation>Das Vokabular wird gelesen…</translation>
    </message>
    <message>
        <source>%1 of %2 tokens</source>
        <translation>%1 von %2 Tokens</translation>
    </message>
</context>
<context>
    <name>realm::ui::VocabularyModel</name>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>Gespeichert als</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Merge rank</source>
        <translation>Merge-Rang</translation>
    </message>
    <message>
        <source>Merge of</source>
        <translation>Merge aus</translation>
    </message>
</context>
</TS>
