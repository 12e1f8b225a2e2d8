// conformance_vectors DIR [FILE...]: runs the vectors of ../shared/conformance/vectors
// (all files that have a runner, or only the named ones) and ends with
// one line "N passed, M failed".
#include <fstream>
#include <iostream>
#include <map>

#include "vectors.hpp"

namespace vectors {

namespace {
std::map<std::string, Runner>& registry() {
    static std::map<std::string, Runner> runners;
    return runners;
}
}  // namespace

Registration::Registration(const char* file_name, Runner runner) { registry()[file_name] = std::move(runner); }

std::string show(const boost::json::value& json) { return boost::json::serialize(json); }

}  // namespace vectors

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: conformance_vectors DIR [FILE...]\n";
        return 2;
    }
    std::string dir = argv[1];
    std::vector<std::string> files;
    for (int i = 2; i < argc; ++i) files.emplace_back(argv[i]);
    if (files.empty())
        for (const auto& [name, runner] : vectors::registry()) files.push_back(name);

    std::size_t passed = 0, failed = 0;
    for (const auto& file : files) {
        auto it = vectors::registry().find(file);
        if (it == vectors::registry().end()) {
            std::cerr << "no runner for " << file << "\n";
            ++failed;
            continue;
        }
        std::ifstream in(dir + "/" + file);
        if (!in) {
            std::cerr << "cannot read " << dir << "/" << file << "\n";
            ++failed;
            continue;
        }
        std::size_t file_passed = 0, file_failed = 0;
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            std::vector<vectors::Outcome> outcomes;
            try {
                outcomes = it->second(boost::json::parse(line).as_object());
            } catch (const std::exception& e) {
                outcomes.push_back({line.substr(0, 60), std::string("runner threw: ") + e.what()});
            }
            for (const auto& o : outcomes) {
                if (o.failure.empty()) {
                    ++file_passed;
                } else {
                    ++file_failed;
                    std::cout << "FAIL " << file << " " << o.id << ": " << o.failure << "\n";
                }
            }
        }
        std::cout << file << ": " << file_passed << " passed, " << file_failed << " failed\n";
        passed += file_passed;
        failed += file_failed;
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
