// Config sources and the application context's lifecycle, as Flask has them.
#include <gtest/gtest.h>

#include <flask/flask.hpp>

#include <cstdlib>
#include <fstream>

namespace {

struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("flaskcpp-config-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

TEST(Config, FromMappingKeepsOnlyUpperCaseKeys) {
    flask::Flask app("/tmp/app.cpp");
    jinja::Dict mapping{{"SECRET_KEY", "dev"}, {"lower", 1}, {"Mixed", 2}, {"DATABASE_1", "x"}};
    EXPECT_TRUE(app.config.from_mapping(mapping));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "dev");
    EXPECT_EQ(app.config.get("DATABASE_1").str(), "x");
    EXPECT_FALSE(app.config.contains("lower"));
    EXPECT_FALSE(app.config.contains("Mixed"));
}

TEST(Config, FromFileReadsJsonAndTomlRelativeToTheRoot) {
    TempDir dir;
    dir.write("config.json", R"({"SECRET_KEY": "from-json", "LIMIT": 10, "ignored": true})");
    dir.write("config.toml", "SECRET_KEY = \"from-toml\"\nRATIO = 0.5\n[DATABASE]\nHOST = \"db\"\nPORTS = [1, 2]\n");
    flask::Flask app((dir.path / "app.cpp").string());
    EXPECT_TRUE(app.config.from_file("config.json", flask::json::loads));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "from-json");
    EXPECT_EQ(app.config.get_int("LIMIT"), 10);
    EXPECT_FALSE(app.config.contains("ignored"));
    EXPECT_TRUE(app.config.from_file("config.toml", flask::toml::loads));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "from-toml");
    EXPECT_EQ(app.config.get("RATIO").repr(), "0.5");
    EXPECT_EQ(app.config.get("DATABASE").repr(), "{'HOST': 'db', 'PORTS': [1, 2]}");
}

TEST(Config, MissingFileRaisesUnlessSilent) {
    TempDir dir;
    flask::Flask app((dir.path / "app.cpp").string());
    EXPECT_FALSE(app.config.from_file("nope.json", flask::json::loads, true));
    try {
        app.config.from_file("nope.json", flask::json::loads);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("Unable to load configuration file (No such file or directory)"),
                  std::string::npos)
            << e.what();
    }
    dir.write("bad.toml", "KEY = \n");
    EXPECT_THROW(app.config.from_file("bad.toml", flask::toml::loads), std::invalid_argument);
}

TEST(Config, FromEnvvarLoadsTheFileTheVariableNames) {
    TempDir dir;
    dir.write("settings.toml", "SECRET_KEY = \"from-toml\"\n");
    dir.write("settings.json", R"({"SECRET_KEY": "from-json"})");
    flask::Flask app((dir.path / "app.cpp").string());
    unsetenv("FLASKCPPTEST_SETTINGS");
    EXPECT_FALSE(app.config.from_envvar("FLASKCPPTEST_SETTINGS", true));
    try {
        app.config.from_envvar("FLASKCPPTEST_SETTINGS");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "The environment variable 'FLASKCPPTEST_SETTINGS' is not set and as such configuration could not "
                  "be loaded. Set this variable and make it point to a configuration file");
    }
    setenv("FLASKCPPTEST_SETTINGS", "settings.toml", 1);  // relative to the root path, as from_file
    EXPECT_TRUE(app.config.from_envvar("FLASKCPPTEST_SETTINGS"));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "from-toml");
    setenv("FLASKCPPTEST_SETTINGS", (dir.path / "settings.json").c_str(), 1);
    EXPECT_TRUE(app.config.from_envvar("FLASKCPPTEST_SETTINGS"));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "from-json");
    EXPECT_TRUE(app.config.from_envvar("FLASKCPPTEST_SETTINGS", flask::json::loads));
    setenv("FLASKCPPTEST_SETTINGS", "missing.toml", 1);
    EXPECT_FALSE(app.config.from_envvar("FLASKCPPTEST_SETTINGS", true));
    EXPECT_THROW(app.config.from_envvar("FLASKCPPTEST_SETTINGS"), std::runtime_error);
    unsetenv("FLASKCPPTEST_SETTINGS");
}

TEST(Config, FromPrefixedEnvParsesJsonAndNests) {
    setenv("FLASKCPPTEST_SECRET_KEY", "env-secret", 1);
    setenv("FLASKCPPTEST_PORT", "8080", 1);
    setenv("FLASKCPPTEST_DEBUGGING", "true", 1);
    setenv("FLASKCPPTEST_DB__HOST", "\"localhost\"", 1);
    setenv("FLASKCPPTEST_DB__NAME", "app", 1);
    flask::Flask app("/tmp/app.cpp");
    EXPECT_TRUE(app.config.from_prefixed_env("FLASKCPPTEST"));
    EXPECT_EQ(app.config.get("SECRET_KEY").str(), "env-secret");
    EXPECT_EQ(app.config.get("PORT").repr(), "8080");
    EXPECT_EQ(app.config.get("DEBUGGING").repr(), "True");
    EXPECT_EQ(app.config.get("DB").repr(), "{'HOST': 'localhost', 'NAME': 'app'}");
    for (auto k : {"SECRET_KEY", "PORT", "DEBUGGING", "DB__HOST", "DB__NAME"})
        unsetenv((std::string("FLASKCPPTEST_") + k).c_str());
}

TEST(Config, GetNamespace) {
    flask::Flask app("/tmp/app.cpp");
    app.config.update({{"IMAGE_STORE_TYPE", "fs"}, {"IMAGE_STORE_PATH", "/var/app/images"}, {"OTHER", 1}});
    auto ns = app.config.get_namespace("IMAGE_STORE_");
    EXPECT_EQ(jinja::Value(ns).repr(), "{'type': 'fs', 'path': '/var/app/images'}");
}

TEST(Instance, DefaultFolderAndInstanceRelativeConfig) {
    TempDir dir;
    flask::Flask app((dir.path / "app.cpp").string());
    EXPECT_EQ(app.instance_path(), dir.path / "instance");
    std::filesystem::create_directories(dir.path / "instance");
    dir.write("instance/config.json", R"({"SECRET_KEY": "instance"})");
    flask::Flask relative((dir.path / "app.cpp").string(), {.instance_relative_config = true});
    EXPECT_TRUE(relative.config.from_file("config.json", flask::json::loads));
    EXPECT_EQ(relative.config.get("SECRET_KEY").str(), "instance");
    EXPECT_THROW(flask::Flask("/tmp/app.cpp", {.instance_path = "relative/path"}), std::invalid_argument);
}

TEST(AppContext, TeardownRunsAfterRequestsAndAppContextScopes) {
    flask::Flask app("/tmp/app.cpp");
    int torn_down = 0;
    app.teardown_appcontext([&](std::exception_ptr) { ++torn_down; });
    app.route("/")([] { return "ok"; });
    app.test_client().get("/");
    EXPECT_EQ(torn_down, 1);
    {
        auto ctx = app.app_context();
        EXPECT_EQ(&flask::current_app(), &app);
    }
    EXPECT_EQ(torn_down, 2);
    app.extensions["counter"] = &torn_down;
    EXPECT_EQ(*std::any_cast<int*>(app.extensions.at("counter")), 2);
}

}  // namespace
