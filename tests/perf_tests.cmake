# Read by ctest after the Catch2 test cases discovered in test_document_formats (tests/CMakeLists.txt):
# the tests of how work or time grows with the input, labelled "perf".
set_tests_properties(
  "the HTML nesting check does linear work"
  "Markdown parsing time grows linearly with the input"
  PROPERTIES LABELS perf)
