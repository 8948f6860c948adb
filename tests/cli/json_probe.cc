// Test helper for the CLI scripts: parses JSON from stdin (exit 1 with the parser's message if it
// is not JSON) and prints one line per value asked for, so shell tests need no python or jq.
//   json_probe /total /hits        -> the number; an array's or object's size
//   json_probe /hits/0/id          -> a string, unquoted
//   json_probe '/hits/*/id'        -> that key of every element, one per line
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

namespace {

void print(const nlohmann::json& value) {
  if (value.is_string())
    std::cout << value.get<std::string>() << '\n';
  else if (value.is_array() || value.is_object())
    std::cout << value.size() << '\n';
  else
    std::cout << value.dump() << '\n';
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string input{std::istreambuf_iterator<char>(std::cin),
                          std::istreambuf_iterator<char>()};
  const nlohmann::json document = nlohmann::json::parse(input);
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    const auto star = path.find("/*");
    if (star == std::string::npos) {
      print(document.at(nlohmann::json::json_pointer(path)));
      continue;
    }
    const std::string rest = path.substr(star + 2);
    for (const auto& element : document.at(nlohmann::json::json_pointer(path.substr(0, star))))
      print(rest.empty() ? element : element.at(nlohmann::json::json_pointer(rest)));
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "json_probe: " << e.what() << '\n';
  return 1;
}
