// Recipes as JSON: a round trip keeps every value; mistakes give messages naming the
// file, the key (or the line of malformed JSON) and the value.

#include <QtTest>

#include "engine/errors.h"
#include "io/builder/recipe_io.h"

using namespace lamina;
using namespace lamina::builder;

namespace {
const char* const good = R"({
  "column": {"shape": "cylinder", "radius": 300, "scale": 0.25, "min_soma_distance": 12},
  "seed": 42,
  "cell_types": [
    {"name": "L5_TTPC", "layer": "L5", "density": 20000,
     "morphology": {"class": "pyramidal", "apical_target_layer": "L1", "basal_dendrites": 7}},
    {"name": "L4_LBC", "layer": "L4", "count": 30, "morphology": {"class": "basket"}}
  ],
  "pathways": [
    {"pre": "L5_TTPC", "post": "L4_LBC", "connection_probability": 0.2, "synapses_per_connection": 3,
     "synapse": {"model": "Exp2Syn", "tau1": 0.2, "tau2": 3.0}, "target_regions": ["soma", "basal"]}
  ],
  "drive": {"rate": 15, "weight": 0.01, "cell_types": ["L4_LBC"]}
})";

QString error_of(const std::string& text) {
    try {
        io::parse_recipe(text, "recipe.json");
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return "accepted";
}
}  // namespace

class TestRecipeIo : public QObject {
    Q_OBJECT
private slots:
    void readsAndRoundTrips() {
        const Recipe r = io::parse_recipe(good, "recipe.json");
        QCOMPARE(r.shape, ColumnShape::cylinder);
        QCOMPARE(r.radius, 300.0);
        QCOMPARE(r.scale, 0.25);
        QCOMPARE(r.seed, std::uint64_t{42});
        QCOMPARE(r.layers.size(), std::size_t{6});  // the default layers
        QCOMPARE(r.layers[4].thickness, 525.0);
        QCOMPARE(r.cell_types.size(), std::size_t{2});
        QCOMPARE(*r.cell_types[0].density, 20000.0);
        QCOMPARE(r.cell_types[0].synthesis.basal_dendrites, 7);  // overridden
        QCOMPARE(r.cell_types[0].synthesis.apical_obliques, default_synthesis(MorphologyClass::pyramidal).apical_obliques);
        QVERIFY(r.cell_types[0].excitatory);
        QCOMPARE(r.cell_types[1].morphology_class, MorphologyClass::basket);
        QVERIFY(!r.cell_types[1].excitatory);  // interneurons default to inhibitory
        QCOMPARE(*r.cell_types[1].count, std::uint64_t{30});
        QCOMPARE(r.pathways[0].synapse_parameters.at("tau2"), 3.0);
        QCOMPARE(r.pathways[0].target_regions, (std::vector<TargetRegion>{TargetRegion::soma, TargetRegion::basal}));
        QCOMPARE(r.drive.rate, 15.0);
        QCOMPARE(r.drive.weight, 0.01);
        QCOMPARE(r.drive.duration, 1000.0);  // the default
        QCOMPARE(r.drive.cell_types, std::vector<std::string>{"L4_LBC"});
        QCOMPARE(io::parse_recipe("{}", "empty.json").drive.rate, 0.0);  // no drive unless asked
        // Written out and read back: the same recipe, and the same text again.
        const std::string text = io::format_recipe(r);
        const Recipe back = io::parse_recipe(text, "back.json");
        QCOMPARE(io::format_recipe(back), text);
        QTemporaryDir dir;
        const auto path = std::filesystem::path(dir.path().toStdString()) / "recipe.json";
        io::write_recipe(r, path);
        QCOMPARE(io::format_recipe(io::read_recipe(path)), text);
    }

    void mistakesNameTheKey() {
        std::string text = good;
        const auto replaced = [&](const std::string& from, const std::string& to) {
            std::string t = text;
            t.replace(t.find(from), from.size(), to);
            return t;
        };
        QVERIFY(error_of(replaced("\"density\"", "\"densty\"")).contains("cell_types[0].densty: unknown key"));
        QVERIFY(error_of(replaced("20000", "-3")).contains("cell_types[0].density: must be a number >= 0, got -3"));
        QVERIFY(error_of(replaced("\"radius\": 300", "\"radius\": \"big\"")).contains("column.radius: must be a number"));
        QVERIFY(error_of(replaced("\"basket\"", "\"chandelier\"")).contains("cell_types[1].morphology.class: 'chandelier'"));
        QVERIFY(error_of(replaced("\"post\": \"L4_LBC\"", "\"post\": \"L9\"")).contains("pathways[0].post: 'L9'"));
        QVERIFY(error_of(replaced("0.2, \"synapses", "1.2, \"synapses")).contains("pathways[0].connection_probability"));
        QVERIFY(error_of(replaced("\"soma\", \"basal\"", "\"dendrite\"")).contains("pathways[0].target_regions[0]"));
        QVERIFY(error_of(replaced("\"rate\": 15", "\"rate\": -1")).contains("drive.rate: must be a number >= 0, got -1"));
        QVERIFY(error_of(replaced("\"rate\": 15", "\"rate\": 5000")).contains("drive.rate: must be at most 1000 Hz"));
        QVERIFY(error_of(replaced("[\"L4_LBC\"]", "[\"L9_X\"]")).contains("drive.cell_types[0]: 'L9_X' is not one of"));
        QVERIFY(error_of(replaced("\"weight\": 0.01", "\"wait\": 0.01")).contains("drive.wait: unknown key"));
        QVERIFY(error_of(replaced("\"rate\": 15", "\"rate\": 1000, \"duration\": 3600000"))
                    .contains("drive: rate × duration gives 3.6e+06 input spikes per cell; at most 100000"));
        {  // a second pathway for one pair of types would never form a synapse
            std::string twice = good;
            const std::string pathway = "{\"pre\": \"L5_TTPC\", \"post\": \"L4_LBC\"}";
            twice.replace(twice.find("\n  ],\n  \"drive\""), 1, ", " + pathway + "\n");
            const QString message = error_of(twice);
            QVERIFY2(message.contains("pathways[1]: L5_TTPC -> L4_LBC is already pathways[0]"), qPrintable(message));
        }
        const QString malformed = error_of(replaced("\"seed\": 42,", "\"seed\": 42,,"));
        QVERIFY2(malformed.contains("recipe.json:3") && malformed.contains("malformed JSON"), qPrintable(malformed));
        QVERIFY(error_of("[1, 2]").contains("must be a JSON object"));
        try {
            io::read_recipe("/nonexistent/recipe.json");
            QFAIL("read a missing file");
        } catch (const FileError& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/recipe.json"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRecipeIo)
#include "test_recipe_io.moc"
