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
        QVERIFY(error_of(replaced("20000", "-3")).contains("cell_types[0].density: must be in [0, 1e+07] cells/mm³, got -3"));
        QVERIFY(error_of(replaced("\"radius\": 300", "\"radius\": \"big\"")).contains("column.radius: must be a number"));
        QVERIFY(error_of(replaced("\"basket\"", "\"chandelier\"")).contains("cell_types[1].morphology.class: 'chandelier'"));
        QVERIFY(error_of(replaced("\"post\": \"L4_LBC\"", "\"post\": \"L9\"")).contains("pathways[0].post: 'L9'"));
        QVERIFY(error_of(replaced("0.2, \"synapses", "1.2, \"synapses")).contains("pathways[0].connection_probability"));
        QVERIFY(error_of(replaced("\"soma\", \"basal\"", "\"dendrite\"")).contains("pathways[0].target_regions[0]"));
        QVERIFY(error_of(replaced("\"rate\": 15", "\"rate\": -1")).contains("drive.rate: must be in [0, 1000] Hz, got -1"));
        QVERIFY(error_of(replaced("\"rate\": 15", "\"rate\": 5000")).contains("drive.rate: must be in [0, 1000] Hz, got 5000"));
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

    void refusesWhatCannotBeMeant_data();
    void refusesWhatCannotBeMeant();
};

// One row per class of number or value that cannot be meant: the exact message names the
// file, the key, the stated range and the value as a short number.
void TestRecipeIo::refusesWhatCannotBeMeant_data() {
    QTest::addColumn<QString>("from");  // in `good`; empty: `to` is the whole recipe
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    const QString path = "\"target_regions\": [\"soma\", \"basal\"]";
    const auto pathway = [&](const char* name, const QString& fields, const QString& message) {
        QTest::newRow(name) << path << path + ", " + fields << "recipe.json: recipe: pathways[0]." + message;
    };
    pathway("velocity 1e-300", "\"conduction_velocity\": 1e-300",
            "conduction_velocity: must be in [1, 100000] µm/ms, got 1e-300");
    pathway("velocity 1e300", "\"conduction_velocity\": 1e300",
            "conduction_velocity: must be in [1, 100000] µm/ms, got 1e+300");
    pathway("delay 0", "\"synaptic_delay\": 0", "synaptic_delay: must be in [0.025, 1000] ms, got 0");
    pathway("delay below dt", "\"synaptic_delay\": 0.01", "synaptic_delay: must be in [0.025, 1000] ms, got 0.01");
    pathway("delay negative", "\"synaptic_delay\": -1", "synaptic_delay: must be in [0.025, 1000] ms, got -1");
    pathway("delay 1e20", "\"synaptic_delay\": 1e20", "synaptic_delay: must be in [0.025, 1000] ms, got 1e+20");
    pathway("weight negative", "\"weight\": -0.001", "weight: must be in [0, 100] µS, got -0.001");
    pathway("weight huge", "\"weight\": 1e308", "weight: must be in [0, 100] µS, got 1e+308");
    pathway("at_distance 0", "\"at_distance\": 0", "at_distance: must be in (0, 5000] µm, got 0");
    QTest::newRow("synapses below 1") << "\"synapses_per_connection\": 3" << "\"synapses_per_connection\": 0.5"
                                      << "recipe.json: recipe: pathways[0].synapses_per_connection: must be in [1, 1000], "
                                         "got 0.5";
    QTest::newRow("probability negative")
        << "\"connection_probability\": 0.2" << "\"connection_probability\": -0.1"
        << "recipe.json: recipe: pathways[0].connection_probability: must be in [0, 1], got -0.1";
    const QString syn = "\"synapse\": {\"model\": \"Exp2Syn\", \"tau1\": 0.2, \"tau2\": 3.0}";
    const auto synapse = [&](const char* name, const QString& with, const QString& message) {
        QTest::newRow(name) << syn << with << message;
    };
    synapse("tau1 zero", "\"synapse\": {\"model\": \"Exp2Syn\", \"tau1\": 0, \"tau2\": 3.0}",
            "recipe.json: recipe: pathways[0].synapse.tau1: must be in [0.001, 10000] ms, got 0");
    synapse("tau2 negative", "\"synapse\": {\"model\": \"Exp2Syn\", \"tau1\": 0.2, \"tau2\": -3}",
            "recipe.json: recipe: pathways[0].synapse.tau2: must be in [0.001, 10000] ms, got -3");
    synapse("ExpSyn tau negative", "\"synapse\": {\"model\": \"ExpSyn\", \"tau\": -2}",
            "recipe.json: recipe: pathways[0].synapse.tau: must be in [0.001, 10000] ms, got -2");
    synapse("tau1 not below tau2", "\"synapse\": {\"model\": \"Exp2Syn\", \"tau1\": 5, \"tau2\": 3}",
            "recipe.json: recipe: pathways[0].synapse.tau1: must be smaller than tau2 (the rise is faster than the "
            "decay), got 5 and 3");
    synapse("unknown parameter", "\"synapse\": {\"model\": \"Exp2Syn\", \"decay\": 2}",
            "recipe.json: recipe: pathways[0].synapse.decay: is not a parameter of Exp2Syn (tau1, tau2, e)");
    synapse("tau of the other model", "\"synapse\": {\"model\": \"ExpSyn\", \"tau1\": 2}",
            "recipe.json: recipe: pathways[0].synapse.tau1: is not a parameter of ExpSyn (tau, e)");
    synapse("e as a string", "\"synapse\": {\"model\": \"Exp2Syn\", \"e\": \"-80\"}",
            "recipe.json: pathways[0].synapse.e: must be a number, got \"-80\"");
    synapse("e beyond", "\"synapse\": {\"model\": \"Exp2Syn\", \"e\": 500}",
            "recipe.json: recipe: pathways[0].synapse.e: must be in [-200, 200] mV, got 500");
    synapse("model not a string", "\"synapse\": {\"model\": 2}",
            "recipe.json: pathways[0].synapse.model: must be a string, got 2");

    const QString drive = "\"rate\": 15";
    QTest::newRow("drive rate 1e300") << drive << "\"rate\": 1e300"
                                      << "recipe.json: recipe: drive.rate: must be in [0, 1000] Hz, got 1e+300";
    QTest::newRow("drive duration 0") << drive << "\"rate\": 15, \"duration\": 0"
                                      << "recipe.json: recipe: drive.duration: must be in (0, 3.6e+06] ms, got 0";
    QTest::newRow("drive duration 1e20") << drive << "\"rate\": 15, \"duration\": 1e20"
                                         << "recipe.json: recipe: drive.duration: must be in (0, 3.6e+06] ms, got 1e+20";
    QTest::newRow("drive weight negative") << "\"weight\": 0.01" << "\"weight\": -1"
                                           << "recipe.json: recipe: drive.weight: must be in [0, 100] µS, got -1";
    QTest::newRow("drive spikes in all")
        << "" << R"({"cell_types": [{"name": "B", "layer": "L4", "count": 100000}], "drive": {"rate": 1000}})"
        << "recipe.json: recipe: drive: rate × duration × driven cells gives about 1e+08 input spikes; at most 5e+07";

    const auto column = [&](const char* name, const QString& to, const QString& message) {
        QTest::newRow(name) << "\"radius\": 300" << to << "recipe.json: recipe: column." + message;
    };
    column("radius 0", "\"radius\": 0", "radius: must be in [1, 10000] µm, got 0");
    column("radius 1e300", "\"radius\": 1e300", "radius: must be in [1, 10000] µm, got 1e+300");
    QTest::newRow("scale 1e-300") << "\"scale\": 0.25" << "\"scale\": 1e-300"
                                  << "recipe.json: recipe: column.scale: must be in [0.001, 100], got 1e-300";
    QTest::newRow("min distance huge") << "\"min_soma_distance\": 12" << "\"min_soma_distance\": 1e9"
                                       << "recipe.json: recipe: column.min_soma_distance: must be in [0, 1000] µm, got 1e+09";
    column("height mismatch", "\"radius\": 300, \"height\": -5", "height: must be in (0, 1e+06] µm, got -5");
    QTest::newRow("radius as a string") << "\"radius\": 300" << "\"radius\": \"300\""
                                        << "recipe.json: column.radius: must be a number, got \"300\"";
    QTest::newRow("touch distance 0") << "\"seed\": 42" << "\"seed\": 42, \"touch_distance\": 0"
                                      << "recipe.json: recipe: touch_distance: must be in (0, 10] µm, got 0";
    QTest::newRow("layer thickness") << "\"seed\": 42" << "\"seed\": 42, \"layers\": [{\"name\": \"L5\", \"thickness\": -1}]"
                                     << "recipe.json: recipe: layers[0].thickness: must be in [1, 10000] µm, got -1";
    QTest::newRow("seed negative") << "\"seed\": 42" << "\"seed\": -1"
                                   << "recipe.json: seed: must be a whole number >= 0, got -1";
    QTest::newRow("seed a string") << "\"seed\": 42" << "\"seed\": \"42\""
                                   << "recipe.json: seed: must be a whole number >= 0, got \"42\"";

    const QString count = "\"count\": 30";
    QTest::newRow("count negative") << count << "\"count\": -3"
                                    << "recipe.json: cell_types[1].count: must be a whole number >= 0, got -3";
    QTest::newRow("count fraction") << count << "\"count\": 2.5"
                                    << "recipe.json: cell_types[1].count: must be a whole number >= 0, got 2.5";
    QTest::newRow("count huge") << count << "\"count\": 18446744073709551615"
                                << "recipe.json: recipe: cell_types[1].count: must be at most 200000, got "
                                   "18446744073709551615";
    QTest::newRow("density 1e300") << "20000" << "1e300"
                                   << "recipe.json: recipe: cell_types[0].density: must be in [0, 1e+07] cells/mm³, got 1e+300";
    QTest::newRow("too many cells")
        << "" << R"({"column": {"radius": 1000}, "cell_types": [{"name": "P", "layer": "L6", "density": 200000}]})"
                                    << "recipe.json: recipe: cell_types: the column would hold 363731 cells; a build "
                                       "takes at most 200000 (check the scale, radius and densities)";
    const QString shape = "\"basal_dendrites\": 7";
    const auto morphology = [&](const char* name, const QString& to, const QString& message) {
        QTest::newRow(name) << shape << to << "recipe.json: " + message;
    };
    morphology("count wraps", "\"basal_dendrites\": 4294967300",
               "cell_types[0].morphology.basal_dendrites: is far too large, got 4294967300");
    morphology("count a fraction", "\"basal_dendrites\": 5.5",
               "cell_types[0].morphology.basal_dendrites: must be a whole number, got 5.5");
    morphology("branchings exponential", "\"basal_branchings\": 9",
               "recipe: cell_types[0].morphology.basal_branchings: must be in [0, 8], got 9");
    morphology("soma radius 0", "\"soma_radius\": 0",
               "recipe: cell_types[0].morphology.soma_radius: must be in (0, 100] µm, got 0");
    morphology("diameter huge", "\"axon_diameter\": 1e300",
               "recipe: cell_types[0].morphology.axon_diameter: must be in (0, 50] µm, got 1e+300");
    morphology("cell too large", "\"basal_dendrites\": 32, \"basal_branchings\": 8, \"basal_length\": 5000",
               "recipe: cell_types[0].morphology: asks for about 9119.37 mm of neurite a cell; at most 200 mm (fewer "
               "branchings or dendrites, or shorter ones)");

    QTest::newRow("number beyond double") << "\"seed\": 42" << "\"seed\": 42, \"touch_distance\": 1e999"
                                          << "recipe.json: malformed JSON: [json.exception.out_of_range.406] number "
                                             "overflow parsing '1e999'";
    QTest::newRow("key twice") << "\"seed\": 42," << "\"seed\": 42, \"seed\": 7,"
                               << "recipe.json: key 'seed' appears twice in one object (only one value can hold)";
    QTest::newRow("nested deep") << "" << "{\"column\": " + QString(40, '[') + QString(40, ']') + "}"
                                 << "recipe.json: nested deeper than 16 levels: not a recipe";
}

void TestRecipeIo::refusesWhatCannotBeMeant() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    std::string text = good;
    if (from.isEmpty()) {
        text = to.toStdString();
    } else {
        const auto at = text.find(from.toStdString());
        QVERIFY2(at != std::string::npos, qPrintable(from));
        text.replace(at, from.toStdString().size(), to.toStdString());
    }
    QCOMPARE(error_of(text), message);
}

QTEST_GUILESS_MAIN(TestRecipeIo)
#include "test_recipe_io.moc"
