// Replays the recipe fuzzing corpus (tests/fuzz/corpus/recipe/*) and the shipped recipes
// through the recipe front end: each input is read or rejected with a user error, never a
// crash, an internal error or an out-of-memory. Inputs that once broke it stay there.

#include <QtTest>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_recipes.h"

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool read(const fs::path& p) {
    const std::string bytes = slurp(p);
    return lamina::fuzz::read_recipe(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}
}  // namespace

class TestBuilderRecipeCorpus : public QObject {
    Q_OBJECT
private slots:
    void replay() {
        int read_ok = 0, rejected = 0;
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_FUZZ_CORPUS_DIR) / "recipe"))
            (read(entry.path()) ? read_ok : rejected)++;  // returning at all is the assertion
        QVERIFY2(read_ok >= 3 && rejected >= 5, qPrintable(QString("%1 read, %2 rejected").arg(read_ok).arg(rejected)));
    }

    void shippedRecipesRead() {
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_RESOURCE_DIR) / "recipes"))
            QVERIFY2(read(entry.path()), qPrintable(QString::fromStdString(entry.path().string())));
    }
};

QTEST_GUILESS_MAIN(TestBuilderRecipeCorpus)
#include "test_builder_recipe_corpus.moc"
