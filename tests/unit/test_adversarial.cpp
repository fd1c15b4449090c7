// The adversarial corpus (tests/adversarial/cases/*.json): inputs an adversarial user
// would try, each run through the real `lamina` program against a fresh copy of a
// small good circuit (or recipe, or nothing), with the exact outcome asserted — exit
// status, the message parts naming file and key or dataset, no crash, no hang (killed
// at a time limit), peak memory under a stated bound, and not one byte changed or
// added outside the run's output folder.
//
// A case file:
//   "about":   what the case tries, in words;
//   "base":    "sonata" | "recipe" | "none" — what the case folder starts with;
//   "before":  commands of `lamina` run first (a previous build), which must succeed;
//   "patch":   {"file.json": {JSON merge patch}}, applied to the base's JSON files;
//   "write":   {"file": text or [part, [text, repeat count], ...]}, written as given;
//   "copy":    {"file": "path under tests/"}, a file of the source tree copied in;
//   "symlinks": {"link": "target"}, made after the files;
//   "h5":      [{"op": "remove" | "write" | "declare", "file", "dataset", ...}];
//   "command": the arguments of `lamina`, with {dir} for the case folder (which lies in
//              a folder holding precious.txt, a file no run may touch);
//   "exit":    the expected status; "stderr"/"stdout": parts the output must contain;
//   "output":  the folder the run may write in (default "output"), "creates": files
//              that must exist after it.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "io/sonata/circuit_io.h"
#include "io/sonata/spikes_io.h"
#include "support/child_process.h"
#include "support/h5_edit.h"
#include "support/sonata_fixture.h"

using namespace lamina;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

#ifdef LAMINA_SANITIZED
constexpr long max_rss_kb = 3l << 20;  // ASan's shadow and quarantine triple what a run uses
constexpr double time_limit = 240;
#else
constexpr long max_rss_kb = 1l << 20;  // 1 GiB: the stated bound for any refusal of a small input
constexpr double time_limit = 60;
#endif

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string substitute(std::string text, const fs::path& dir) {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos; at = text.find("{dir}", at))
        text.replace(at, 5, dir.string());
    return text;
}

void make_sonata_base(const fs::path& dir) {
    test::write_ballstick_models(dir / "models");
    io::write_circuit(test::ballstick_circuit(4, (dir / "models").string(), 0.005, 0.5, {0, 1}, {2, 3}, {0.001, 0.002},
                                              {1.0, 2.0}),
                      (dir / "circuit").string());
    io::write_spikes_h5((dir / "inputs.h5").string(), {{"inputs", {0, 1, 2, 3}, {2.0, 4.0, 6.0, 8.0}}});
    write_text(dir / "node_sets.json", R"({
  "virtual": {"population": "inputs"},
  "first": {"population": "cells", "node_id": [0, 1]}
})");
    write_text(dir / "simulation_config.json", R"({
  "manifest": {"$BASE": "${configdir}"},
  "network": "$BASE/circuit/circuit_config.json",
  "node_sets_file": "node_sets.json",
  "run": {"tstop": 20.0, "dt": 0.025, "dL": 20.0, "spike_threshold": -10.0},
  "conditions": {"celsius": 6.3, "v_init": -65.0},
  "inputs": {
    "replay": {"input_type": "spikes", "module": "sonata", "input_file": "$BASE/inputs.h5", "node_set": "virtual"},
    "step": {"input_type": "current_clamp", "module": "IClamp", "node_set": "first",
             "amp": 0.3, "delay": 5.0, "duration": 10.0}
  },
  "reports": {"soma_v": {"cells": "first", "variable_name": "v", "sections": "soma", "dt": 0.1}},
  "output": {"output_dir": "output", "log_file": "log.txt"}
})");
}

// A small column: two layers, two types, one pathway, so a build takes a moment.
void make_recipe_base(const fs::path& dir) {
    write_text(dir / "recipe.json", read_text(fs::path(LAMINA_ADVERSARIAL_DIR) / "small_recipe.json"));
}

std::string apply_h5(const Json& op, const fs::path& dir) {
    const std::string kind = op.at("op"), file = (dir / op.at("file").get<std::string>()).string(),
                      dataset = op.at("dataset");
    if (kind == "remove") return test::h5_remove(file, dataset);
    if (kind == "declare")
        return test::h5_declare(file, dataset, op.value("type", "f64"), op.at("size").get<double>(), op.value("fill", 0.0));
    if (kind == "write") {
        const std::string type = op.value("type", "f64");
        std::vector<double> numbers;
        std::vector<std::string> strings;
        for (const auto& v : op.at("values")) {
            if (type == "string") strings.push_back(v.get<std::string>());
            else if (v.is_string()) numbers.push_back(std::stod(v.get<std::string>()));  // "nan", "inf"
            else numbers.push_back(v.get<double>());
        }
        return test::h5_write(file, dataset, type, numbers, strings, op.value("fixed", std::size_t{0}));
    }
    return "unknown h5 op " + kind;
}

// Every file below `dir` but inside `output`, with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir, const fs::path& output) {
    std::map<std::string, std::string> files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path rel = it->path().lexically_relative(dir);
        if (!output.empty() && (rel == output || rel.string().rfind(output.string() + "/", 0) == 0)) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files[rel.string()] = read_text(it->path());
    }
    return files;
}

}  // namespace

class TestAdversarial : public QObject {
    Q_OBJECT
    QTemporaryDir scratch_;

private slots:
    void corpusIsLargeEnough() {
        std::size_t cases = 0;
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_ADVERSARIAL_DIR) / "cases"))
            cases += entry.path().extension() == ".json";
        qInfo("%zu adversarial cases", cases);
        QVERIFY(cases >= 60);
    }

    void eachCase_data() {
        QTest::addColumn<QString>("file");
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_ADVERSARIAL_DIR) / "cases"))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) QTest::newRow(f.stem().c_str()) << QString::fromStdString(f.string());
    }

    void eachCase() {
        QFETCH(QString, file);
        const Json spec = Json::parse(read_text(file.toStdString()));
        // The case works in root/work; root also holds a file no run may touch, so an
        // output that escapes the work folder is caught as well.
        const fs::path root = fs::path(scratch_.path().toStdString()) / fs::path(file.toStdString()).stem();
        const fs::path dir = root / "work";
        fs::remove_all(root);
        fs::create_directories(dir);
        write_text(root / "precious.txt", "a user's only copy\n");
        const std::string base = spec.value("base", "sonata");
        if (base == "sonata") make_sonata_base(dir);
        else if (base == "recipe") make_recipe_base(dir);
        for (const auto& step : spec.value("before", Json::array())) {
            std::vector<std::string> before;
            for (const auto& a : step) before.push_back(substitute(a.get<std::string>(), dir));
            const auto r = test::run_child(LAMINA_PROGRAM, before, time_limit, dir.string());
            QVERIFY2(r.status == 0, ("a step before the case failed: " + r.err).c_str());
        }
        if (spec.contains("patch"))
            for (const auto& [name, patch] : spec.at("patch").items()) {
                Json target = Json::parse(read_text(dir / name));
                target.merge_patch(Json::parse(substitute(patch.dump(), dir)));
                write_text(dir / name, target.dump(2));
            }
        if (spec.contains("write"))
            for (const auto& [name, value] : spec.at("write").items()) {
                std::string text;
                if (value.is_string()) text = value.get<std::string>();
                else
                    for (const auto& part : value) {
                        if (part.is_string()) text += part.get<std::string>();
                        else
                            for (int k = 0; k < part.at(1).get<int>(); ++k) text += part.at(0).get<std::string>();
                    }
                write_text(dir / name, substitute(text, dir));
            }
        if (spec.contains("copy"))
            for (const auto& [name, source] : spec.at("copy").items()) {
                fs::create_directories((dir / name).parent_path());
                fs::copy_file(fs::path(LAMINA_ADVERSARIAL_DIR) / ".." / source.get<std::string>(), dir / name,
                              fs::copy_options::overwrite_existing);
            }
        if (spec.contains("symlinks"))
            for (const auto& [name, target] : spec.at("symlinks").items()) {
                fs::create_directories((dir / name).parent_path());
                fs::create_symlink(target.get<std::string>(), dir / name);
            }
        if (spec.contains("h5"))
            for (const auto& op : spec.at("h5")) {
                const std::string problem = apply_h5(op, dir);
                QVERIFY2(problem.empty(), problem.c_str());
            }
        const fs::path output = fs::path("work") / spec.value("output", "output");
        const auto before = snapshot(root, output);

        std::vector<std::string> args;
        for (const auto& a : spec.at("command")) args.push_back(substitute(a.get<std::string>(), dir));
        const auto r = test::run_child(LAMINA_PROGRAM, args, spec.value("seconds", time_limit), dir.string());
        const std::string said = "status " + std::to_string(r.status) + ", signal " + std::to_string(r.signal) +
                                 "\nstderr: " + r.err.substr(0, 2000) + "\nstdout: " + r.out.substr(0, 500);

        QVERIFY2(!r.timed_out, ("hung: killed after " + std::to_string(r.seconds) + " s\n" + said).c_str());
        QVERIFY2(r.signal == 0, ("crashed\n" + said).c_str());
        QVERIFY2(r.peak_rss_kb <= max_rss_kb,
                 ("peak memory " + std::to_string(r.peak_rss_kb / 1024) + " MiB\n" + said).c_str());
        QVERIFY2(r.status == spec.at("exit").get<int>(), said.c_str());
        QVERIFY2(r.err.find("internal error") == std::string::npos, said.c_str());
        for (const auto& part : spec.value("stderr", Json::array())) {
            const std::string expected = substitute(part.get<std::string>(), dir);
            QVERIFY2(r.err.find(expected) != std::string::npos, ("missing '" + expected + "'\n" + said).c_str());
        }
        for (const auto& part : spec.value("stdout", Json::array())) {
            const std::string expected = substitute(part.get<std::string>(), dir);
            QVERIFY2(r.out.find(expected) != std::string::npos, ("missing '" + expected + "' in stdout\n" + said).c_str());
        }
        for (const auto& created : spec.value("creates", Json::array()))
            QVERIFY2(fs::exists(dir / created.get<std::string>()), created.get<std::string>().c_str());

        // Nothing outside the output folder changed, appeared or went missing.
        const auto after = snapshot(root, output);
        for (const auto& [name, bytes] : before) {
            const auto it = after.find(name);
            QVERIFY2(it != after.end(), ("deleted " + name + "\n" + said).c_str());
            QVERIFY2(it->second == bytes, ("changed " + name + "\n" + said).c_str());
        }
        for (const auto& [name, bytes] : after)
            QVERIFY2(before.count(name), ("created " + name + " outside the output folder\n" + said).c_str());
    }
};

QTEST_GUILESS_MAIN(TestAdversarial)
#include "test_adversarial.moc"
