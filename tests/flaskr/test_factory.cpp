// test_factory.py: the factory's configuration and the /hello route.
#include <fstream>

#include "fixture.hpp"

namespace flaskr::testing {
namespace {

TEST(Factory, WithoutTestConfigTheAppIsNotTesting) {
    TempDir dir;
    auto flaskr = create_app(std::nullopt, (dir.path() / "instance").string());
    EXPECT_FALSE(flaskr->app.config.get_bool("TESTING"));
    EXPECT_EQ(flaskr->app.secret_key(), "dev");
    EXPECT_EQ(flaskr->app.config.get("DATABASE").str(), "flaskr.sqlite");
    EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "instance")) << "the factory creates the instance folder";
}

TEST(Factory, InstanceConfigJsonOverridesTheDefaults) {
    TempDir dir;
    auto instance = dir.path() / "instance";
    std::filesystem::create_directories(instance);
    std::ofstream(instance / "config.json") << R"({"SECRET_KEY": "from the instance folder"})";
    auto flaskr = create_app(std::nullopt, instance.string());
    EXPECT_EQ(flaskr->app.secret_key(), "from the instance folder");
}

TEST(Factory, TestConfigReplacesTheInstanceConfig) {
    TempDir dir;
    auto instance = dir.path() / "instance";
    std::filesystem::create_directories(instance);
    std::ofstream(instance / "config.json") << R"({"SECRET_KEY": "from the instance folder"})";
    auto flaskr = create_app(jinja::Dict{{"TESTING", true}}, instance.string());
    EXPECT_TRUE(flaskr->app.config.get_bool("TESTING"));
    EXPECT_EQ(flaskr->app.secret_key(), "dev");
}

using FactoryTest = FlaskrTest;

TEST_F(FactoryTest, TestConfigMakesATestingApp) { EXPECT_TRUE(app().config.get_bool("TESTING")); }

TEST_F(FactoryTest, Hello) {
    auto response = client().get("/hello");
    EXPECT_EQ(response.status_code, 200);
    EXPECT_EQ(response.text(), "Hello, World!");
}

TEST_F(FactoryTest, TemplatesAndStaticFilesAreFoundNextToTheSources) {
    auto css = client().get("/static/style.css");
    EXPECT_EQ(css.status_code, 200);
    EXPECT_EQ(css.mimetype(), "text/css");
    auto page = client().get("/");
    EXPECT_NE(page.text().find("/static/style.css"), std::string::npos);
}

}  // namespace
}  // namespace flaskr::testing
