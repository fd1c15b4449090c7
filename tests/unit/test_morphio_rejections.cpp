// Broken morphologies refused as MorphIO refuses them, each with file, line and value:
// an SWC id beyond 32 bits, an SWC section type outside 1-19 (0 and 20 and beyond), a
// type change without a bifurcation, an H5 section type outside 1-19, an ASC branch that
// goes on after 'Incomplete'. Under lenient each is read as before, with a warning.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "engine/errors.h"
#include "io/morphology/asc.h"
#include "io/morphology/h5.h"
#include "io/morphology/swc.h"

using namespace lamina;

namespace {

const std::string soma = "1 1 0 0 0 5 -1\n";

// The message of the FileError reading `text` as SWC strictly (empty when it was read),
// and whether the lenient read gave exactly one warning of kind `kind`.
std::string swc_refusal(const std::string& text) {
    try {
        io::parse_swc(text, "cell.swc");
    } catch (const FileError& e) {
        return e.what();
    }
    return {};
}

bool lenient_swc_warns(const std::string& text, WarningKind kind) {
    WarningCollector warnings;
    DiagnosticOptions lenient{&warnings};
    lenient.lenient = true;
    io::parse_swc(text, "cell.swc", lenient);
    for (const auto& w : warnings.warnings())
        if (w.kind == kind && w.message.find("--lenient") != std::string::npos) return true;
    return false;
}

}  // namespace

class TestMorphioRejections : public QObject {
    Q_OBJECT
private slots:
    void swcIdsBeyond32Bits() {
        const std::string big = soma + "4294967296 3 0 10 0 1 1\n";
        QCOMPARE(QString::fromStdString(swc_refusal(big)),
                 QString("cell.swc:2: sample id 4294967296 is beyond 4294967295, the largest SWC id (read it anyway "
                         "with --lenient)"));
        const std::string big_parent = soma + "2 3 0 10 0 1 99999999999\n99999999999 3 0 5 0 1 1\n";
        QVERIFY(swc_refusal(big_parent).find("cell.swc:2: parent id 99999999999 is beyond 4294967295") != std::string::npos);
        QVERIFY(lenient_swc_warns(big, WarningKind::accepted_leniently));
        QVERIFY(swc_refusal(soma + "4294967295 3 0 10 0 1 1\n").empty());  // the largest is fine
    }

    void swcTypesOutsideOneToNineteen() {
        for (const char* type : {"0", "20", "300"}) {
            const std::string text = soma + "2 " + type + " 0 10 0 1 1\n3 " + type + " 0 20 0 1 2\n";
            const std::string message = swc_refusal(text);
            QVERIFY2(message.find(std::string("cell.swc:2: section type ") + type +
                                  " is outside 1-19 (1 soma, 2 axon, 3 basal, 4 apical, 5-19 custom)") != std::string::npos,
                     message.c_str());
            QVERIFY(lenient_swc_warns(text, WarningKind::accepted_leniently));
        }
        QVERIFY(swc_refusal(soma + "2 19 0 10 0 1 1\n3 19 0 20 0 1 2\n").empty());  // custom types 5-19
    }

    void swcTypeChangeWithoutBifurcation() {
        const std::string text = soma + "2 3 0 10 0 1 1\n3 3 0 20 0 1 2\n4 2 0 30 0 1 3\n5 2 0 40 0 1 4\n";
        QCOMPARE(QString::fromStdString(swc_refusal(text)),
                 QString("cell.swc:4: type changes from 3 to 2 without a bifurcation (read it anyway with --lenient)"));
        QVERIFY(lenient_swc_warns(text, WarningKind::type_change_without_bifurcation));
        DiagnosticOptions lenient;
        lenient.lenient = true;
        QCOMPARE(io::parse_swc(text, "cell.swc", lenient).num_sections(), std::size_t{2});  // as before: a new section
    }

    void h5TypesOutsideOneToNineteen() {
        QTemporaryDir dir;
        DiagnosticOptions lenient;
        lenient.lenient = true;
        const Morphology custom = io::parse_swc(soma + "2 25 0 10 0 1 1\n3 25 0 20 0 1 2\n", "custom.swc", lenient);
        const auto path = std::filesystem::path(dir.path().toStdString()) / "custom.h5";
        io::write_h5(custom, path);
        try {
            io::read_h5(path);
            QFAIL("an H5 section type of 25 was read");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("custom.h5: /structure row 1: section type 25 is outside 1-19") != std::string::npos,
                     e.what());
        }
        QCOMPARE(io::read_h5(path, lenient).num_sections(), std::size_t{1});
    }

    void ascIncompleteMustEndItsBranch() {
        const std::string text =
            "((CellBody)\n (0 0 0 2) (2 0 0 2) (0 2 0 2))\n"
            "((Dendrite)\n (0 0 0 1)\n (0 10 0 1)\n Incomplete\n (0 20 0 1)\n)\n";
        try {
            io::parse_asc(text, "cell.asc");
            QFAIL("a branch going on after Incomplete was read");
        } catch (const FileError& e) {
            QCOMPARE(QString(e.what()), QString("cell.asc:6: 'Incomplete' must end its branch, but the branch goes on after "
                                                "it (read it anyway with --lenient)"));
        }
        DiagnosticOptions lenient;
        lenient.lenient = true;
        QCOMPARE(io::parse_asc(text, "cell.asc", lenient).num_sections(), std::size_t{1});
        // Where it ends the branch, as Neurolucida writes it, it is fine.
        io::parse_asc("((Dendrite)\n (0 0 0 1)\n (0 10 0 1)\n Incomplete\n)\n", "cell.asc");
    }
};

QTEST_GUILESS_MAIN(TestMorphioRejections)
#include "test_morphio_rejections.moc"
