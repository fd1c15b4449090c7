// HDF5 files that break libhdf5 itself (tests/fuzz/upstream-hdf5: crashes, a hang and
// absurd allocations found by fuzz_sonata inside Debian's libhdf5 1.10.8) are read by the
// lamina-h5check helper first and refused with the file, the object libhdf5 was reading
// and what happened; this process never meets them. Valid files read as before, a
// helper that died is replaced for the next file, and a file rewritten in place is
// checked again.

#include <QtTest>
#include <filesystem>
#include <fstream>

#include "engine/errors.h"
#include "io/hdf5_screen.h"
#include "io/morphology/h5.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"
#include "support/child_process.h"
#include "support/sonata_fixture.h"
#include "support/test_paths.h"
#include "support/test_text.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

const fs::path upstream = fs::path(LAMINA_SOURCE_DIR) / "tests/fuzz/upstream-hdf5";

// The FileError every SONATA reader gives for `file`; fails the test when one reads it.
std::string refusal(const std::string& file) {
    std::string first;
    const std::function<void()> readers[] = {
        [&] { (void)io::read_edge_file(file, {}); }, [&] { (void)io::read_node_file(file, {}); },
        [&] { (void)io::read_spikes(file); }, [&] { (void)io::read_report(file); }};
    for (const auto& read : readers) {
        try {
            read();
            return "read without error";
        } catch (const FileError& e) {
            if (first.empty()) first = e.what();
            if (e.file() != file) return "names " + e.file();
        }
    }
    return first;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class TestHdf5Screen : public QObject {
    Q_OBJECT
private:
    fs::path dir_;

private slots:
    void init() {
        dir_ = fs::temp_directory_path() / ("lamina-screen-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        io::set_hdf5_screen_limits({});
    }
    void cleanup() { fs::remove_all(dir_); }

    void upstreamFindings_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("what");
        QTest::newRow("segv in the accumulator") << "accumulator-read-segv.h5"
                                                 << "/"
                                                 << "libhdf5 crashed reading it (SEGV";
        QTest::newRow("global heap object past its collection")
            << "global-heap-object-overflow.h5" << "/edges/recurrent/target_node_id@node_population"
            << "libhdf5 crashed reading it (";
        QTest::newRow("segv in the global heap") << "global-heap-read-segv.h5" << "/report/cells/data@units"
                                                 << "libhdf5 crashed reading it (SEGV in H5HG_read)";
        QTest::newRow("21 GB variable-length attribute")
            << "vlen-attribute-21gb-malloc.h5" << "/edges/recurrent/target_node_id@node_population"
            << "libhdf5 asked for 21474836488 bytes (21.5 GB) of memory at once";
        QTest::newRow("heap size making RSS grow")
            << "global-heap-rss-growth.h5" << "/edges/recurrent/source_node_id@node_population"
            << "libhdf5 asked for 21307068424 bytes (21.3 GB) of memory at once";
    }

    // Each is refused by every reader, naming the file, the object and what libhdf5 did.
    void upstreamFindings() {
        QFETCH(QString, file);
        QFETCH(QString, object);
        QFETCH(QString, what);
        const std::string path = (upstream / file.toStdString()).string();
        const std::string message = refusal(path);
        const std::string expected = path + ": " + object.toStdString() + ": damaged HDF5 file: " + what.toStdString();
        QVERIFY2(message.rfind(expected, 0) == 0, message.c_str());
        QVERIFY2(has(message, "in Lamina's separate checking process; nothing was loaded"), message.c_str());
    }

    // libhdf5 loops in H5C_protect on this file: the helper is stopped once it has been
    // silent for the limit, and the next file gets a new helper.
    void hangIsStoppedAndTheNextFileReads() {
        io::Hdf5ScreenLimits limits;
        limits.quiet_for = std::chrono::milliseconds(1500);
        io::set_hdf5_screen_limits(limits);
        const std::string hang = (upstream / "global-heap-protect-hang.h5").string();
        const auto start = std::chrono::steady_clock::now();
        const std::string message = refusal(hang);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(has(message, hang + ": /edges/recurrent/source_node_id@node_population: damaged HDF5 "
                                              "file: libhdf5 made no progress for 1.5 s reading it"),
                 message.c_str());
        QVERIFY2(seconds < 5, std::to_string(seconds).c_str());  // once, not once per reader

        // Progress that never ends: 50,000 strings of a damaged type that libhdf5
        // converts bit by bit, minutes for a 23 kB file (found by fuzz_sonata).
        const std::string crawl = (upstream / "string-conversion-crawl.h5").string();
        const std::string slow = refusal(crawl);
        QVERIFY2(has(slow, crawl + ": /nodes/cells/0/morphology: damaged HDF5 file: libhdf5 was still reading it after "
                                   "1.729 s, longer than any file of 22936 bytes (22.9 kB) needs"),
                 slow.c_str());

        test::write_ballstick_models(dir_);
        io::write_circuit(test::ballstick_circuit(3, dir_.string(), 0.01, 1.0), dir_.string());
        const auto nodes = io::read_node_file((dir_ / "cells_nodes.h5").string(), {});
        QCOMPARE(nodes.front().size(), std::size_t{3});
    }

    // A file that passed and is then replaced in place by a damaged one, within the
    // clock's tick, is checked again (its content hash differs).
    void rewrittenFileIsCheckedAgain() {
        test::write_ballstick_models(dir_);
        io::write_circuit(test::ballstick_circuit(2, dir_.string(), 0.01, 1.0), dir_.string());
        const fs::path edges = dir_ / "inputs_to_cells_edges.h5";
        QVERIFY(fs::exists(edges));
        QCOMPARE(io::read_edge_file(edges.string(), {}).front().size(), std::size_t{2});
        const auto size = fs::file_size(upstream / "global-heap-read-segv.h5");
        {
            std::ofstream out(edges, std::ios::binary | std::ios::trunc);
            out << test::slurp(upstream / "global-heap-read-segv.h5");
        }
        QCOMPARE(fs::file_size(edges), size);
        QVERIFY_THROWS_EXCEPTION(FileError, io::read_edge_file(edges.string(), {}));
    }

    // Morphologies from memory go through the helper too and are named as given.
    void imageIsChecked() {
        const std::string bytes = test::slurp(upstream / "global-heap-read-segv.h5");
        try {
            (void)io::parse_h5_image(bytes, "image.h5");
            QFAIL("a damaged image was read");
        } catch (const FileError& e) {
            QCOMPARE(e.file(), std::string("image.h5"));
            QVERIFY2(has(e.reason(), "damaged HDF5 file: libhdf5 crashed"), e.what());
        }
    }

    // Without the helper no HDF5 file is read (a broken installation says so), while
    // other formats still are.
    void missingHelperIsNamed() {
        const std::string lamina = std::string(LAMINA_BINARY_DIR) + "/bin/lamina";
        const std::string morphology = (dir_ / "cell.h5").string();
        io::write_h5(io::read_morphology(test::fixture("morphologies/good/known_cell.swc")), morphology);
        ::setenv("LAMINA_H5CHECK", (dir_ / "absent").c_str(), 1);
        const test::ChildResult missing = test::run_child(lamina, {"info", morphology}, 60);
        ::unsetenv("LAMINA_H5CHECK");
        QCOMPARE(missing.status, 1);
        QVERIFY2(has(missing.err, "the helper program lamina-h5check is missing"), missing.err.c_str());
        const test::ChildResult found = test::run_child(lamina, {"info", morphology}, 60);
        QVERIFY2(found.status == 0, found.err.c_str());
    }

    // The helper by hand: one line per file, exit status 1 when any is damaged.
    void helperByHand() {
        const std::string helper = std::string(LAMINA_BINARY_DIR) + "/bin/lamina-h5check";
        const std::string morphology = (dir_ / "cell.h5").string();
        io::write_h5(io::read_morphology(test::fixture("morphologies/good/known_cell.swc")), morphology);
        const std::string damaged = (upstream / "global-heap-read-segv.h5").string();
        const test::ChildResult r = test::run_child(helper, {morphology, damaged}, 60);
        QCOMPARE(r.status, 1);
        QVERIFY2(has(r.out, morphology + ": ok\n"), r.out.c_str());
        QVERIFY2(has(r.out, damaged + ": /report/cells/data@units: damaged HDF5 file: libhdf5 crashed"),
                 r.out.c_str());
        QCOMPARE(test::run_child(helper, {"--help"}, 60).status, 0);
    }
};

QTEST_GUILESS_MAIN(TestHdf5Screen)
#include "test_hdf5_screen.moc"
