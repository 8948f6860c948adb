// r2p-gen-corpus: writes a deterministic synthetic corpus of N records (JSON Lines shards in the
// format of corpus/README.md) for benchmarks: real countries, meeting ties, Zipf-distributed text.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/bench_common.h"
#include "core/gazetteer.h"
#include "core/paths.h"
#include "core/text.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kSeedDocument = "source/000_c9c0ac7059b5c83d.txt";
constexpr const char* kGeneratedDocument = "source/generated.txt";
constexpr const char* kDictionary = "/usr/share/dict/american-english";
// The vocabulary's rank order does not depend on --seed, so every corpus has the same word
// frequencies and the fixed query mix (bench/query_mix.h) the same selectivity.
constexpr std::uint64_t kVocabularySeed = 0x72327020766f6361;

/// mt19937_64 with distributions of our own: the standard library's differ between versions, and
/// the output must be byte-identical everywhere for a given seed.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  /// Uniform in [0, n), n > 0.
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
  }
  /// Uniform in [low, high].
  int between(int low, int high) {
    return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1)));
  }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

/// Zipf–Mandelbrot ranks: P(rank r) ∝ 1 / (r + 1 + offset). Only divisions, so the table is the
/// same on every IEEE machine.
class Zipf {
 public:
  Zipf(std::size_t n, double offset) {
    cdf_.reserve(n);
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r)
      cdf_.push_back(sum += 1.0 / (static_cast<double>(r) + 1.0 + offset));
    for (double& c : cdf_) c /= sum;
  }
  std::size_t sample(Random& random) const {
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), random.unit());
    return std::min(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

bool ascii_word(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string capitalised(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z')
    word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

std::size_t word_count(const std::string& text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

/// Words, names and sentences the records are made of.
struct Material {
  std::vector<std::string> words;           ///< by Zipf rank
  std::vector<std::string> proper_nouns;    ///< for cities and people
  std::vector<std::string> seed_sentences;  ///< sentences of the seed page naming no country
  std::vector<std::string> seed_paragraphs;
  bool dictionary = false;
};

/// A real country whose English name resolves back to its code.
struct CountryName {
  std::string code;
  std::string name;
  std::string continent;  ///< English name of its UN M.49 continent
};

Material load_material(const std::string& seed_path, const std::string& dictionary_path,
                       const r2p::Gazetteer& gazetteer) {
  Material m;
  std::ifstream seed(seed_path);
  if (!seed) throw std::runtime_error("cannot read the seed page " + seed_path);
  for (std::string line; std::getline(seed, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) m.seed_paragraphs.push_back(line);

  // No generated word may start a country name in any language: then the only countries the
  // indexer finds in the text are the ones a record states, and every engine sees the same ties.
  std::set<std::string> blocked;
  for (const auto& [name, code] : gazetteer.country_names()) {
    const auto words = r2p::fold_words(name);
    if (!words.empty()) blocked.insert(words.front());
  }
  auto allowed = [&](const std::string& word) {
    const auto folded = r2p::fold_words(word);
    return folded.size() == 1 && !blocked.count(folded.front());
  };

  std::map<std::string, int> seed_counts;
  std::set<std::string> seed_names;
  for (const auto& paragraph : m.seed_paragraphs) {
    std::string text = paragraph;
    if (text.rfind("• ", 0) == 0) text = text.substr(std::string("• ").size());
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.size();
      for (const char* stop : {". ", "? ", "! "})
        if (auto at = text.find(stop, start); at != std::string::npos) end = std::min(end, at + 1);
      std::string sentence = text.substr(start, end - start);
      start = end;
      while (start < text.size() && text[start] == ' ') ++start;
      if (word_count(sentence) >= 6 && gazetteer.countries_in_text(sentence).empty())
        m.seed_sentences.push_back(sentence);
    }
    std::string word;
    for (char c : paragraph + " ") {
      const bool letter =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (letter) {
        word += c;
        continue;
      }
      if (word.size() >= 2 && ascii_word(word.substr(0, 1)) && allowed(word)) {
        ++seed_counts[ascii_lower(word)];
        if (word[0] >= 'A' && word[0] <= 'Z' && ascii_word(word) && word.size() >= 4)
          seed_names.insert(word);
      }
      word.clear();
    }
  }
  std::vector<std::pair<int, std::string>> by_count;
  for (const auto& [word, count] : seed_counts) by_count.emplace_back(-count, word);
  std::sort(by_count.begin(), by_count.end());

  std::vector<std::string> dictionary_words;
  std::ifstream dictionary(dictionary_path);
  m.dictionary = static_cast<bool>(dictionary);
  for (std::string line; dictionary && std::getline(dictionary, line);) {
    if (line.empty() || line.find('\'') != std::string::npos || !allowed(line)) continue;
    if (line[0] >= 'A' && line[0] <= 'Z') {
      if (ascii_word(line) && line.size() >= 4 && line.size() <= 10) m.proper_nouns.push_back(line);
    } else if (!seed_counts.count(line)) {
      dictionary_words.push_back(line);
    }
  }
  Random order(kVocabularySeed);
  order.shuffle(dictionary_words);
  // The seed's words take every fourth rank at the top, so the page's own vocabulary is common
  // and dictionary words fill the long tail.
  std::size_t d = 0;
  for (const auto& [count, word] : by_count) {
    m.words.push_back(word);
    for (int i = 0; i < 3 && d < dictionary_words.size(); ++i)
      m.words.push_back(dictionary_words[d++]);
  }
  for (; d < dictionary_words.size(); ++d) m.words.push_back(dictionary_words[d]);
  if (m.proper_nouns.empty()) m.proper_nouns.assign(seed_names.begin(), seed_names.end());
  if (m.proper_nouns.empty()) m.proper_nouns.push_back("Capital");
  if (m.words.empty()) throw std::runtime_error("no words in the seed page " + seed_path);
  return m;
}

std::vector<CountryName> load_countries(const r2p::Gazetteer& gazetteer) {
  // Countries the seed page names come first: the most frequent, like in the real record.
  static const std::vector<std::string> prominent = {
      "GH", "DK", "CR", "AU", "CH", "NL", "SI", "NG", "TZ", "BI", "LR", "CD", "HU",
      "AT", "BA", "BG", "CZ", "FI", "FR", "DE", "GT", "IE", "IT", "JP", "KE", "MX",
      "MA", "PH", "PL", "PT", "RW", "SE", "GB", "US", "UY", "BR", "ZA", "IN", "CA"};
  std::vector<CountryName> countries;
  std::set<std::string> added;
  auto add = [&](const r2p::Country& c) {
    const std::string& name = c.english_name();
    if (added.count(c.alpha2) || name == c.alpha2 || c.continent.empty()) return;
    if (gazetteer.resolve_country(name) != c.alpha2) return;
    countries.push_back({c.alpha2, name, r2p::english_name(c.continent)});
    added.insert(c.alpha2);
  };
  for (const auto& code : prominent)
    if (const r2p::Country* c = gazetteer.country(code)) add(*c);
  for (const auto& c : gazetteer.countries()) add(c);
  return countries;
}

/// JSON output without a JSON library: fixed key order, byte for byte the same for a seed.
void put(std::string& out, const std::string& text) {
  // The characters with a two-character escape, and their escapes.
  static constexpr std::string_view kEscaped = "\"\\\n\t";
  static const char* const kEscapes[] = {"\\\"", "\\\\", "\\n", "\\t"};
  out += '"';
  for (char c : text) {
    if (const auto i = kEscaped.find(c); i != std::string_view::npos) {
      out += kEscapes[i];
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", c);
      out += code;
    } else {
      out += c;
    }
  }
  out += '"';
}

void put(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    put(out, list[i]);
  }
  out += ']';
}

void put(std::string& out, const std::vector<int>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + std::to_string(list[i]);
  out += ']';
}

/// Appends `,"key":` and `value` (a string or a list of strings) to an object being written.
template <class Value>
void put_field(std::string& out, const char* key, const Value& value) {
  out += ",\"";
  out += key;
  out += "\":";
  put(out, value);
}

/// As put_field, with null for an empty `text`.
void put_field_or_null(std::string& out, const char* key, const std::string& text) {
  if (text.empty()) {
    out += ",\"";
    out += key;
    out += "\":null";
  } else {
    put_field(out, key, text);
  }
}

std::string date_text(int year, int month, int day) {
  char text[16];
  if (day)
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  else if (month)
    std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  else
    std::snprintf(text, sizeof text, "%04d", year);
  return text;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

struct Meeting {
  std::string id;
  std::string title;
  std::string date;
};

class Generator {
 public:
  Generator(const Material& material, const std::vector<CountryName>& countries, std::uint64_t seed,
            int paragraphs)
      : m_(material),
        countries_(countries),
        random_(seed),
        words_(material.words.size(), 0),
        country_rank_(countries.size(), 8),
        paragraphs_(paragraphs) {}

  std::string meeting(std::size_t seq) {
    static const std::vector<std::string> kinds = {"regional", "regional", "annual",   "workshop",
                                                   "regional", "launch",   "workshop", "annual"};
    const std::string& kind = random_.pick(kinds);
    const bool has_venue = random_.chance(0.7);
    const std::string city = has_venue ? random_.pick(m_.proper_nouns) : "";
    const auto ties = pick_countries(random_.between(1, 4));
    const CountryName* venue = has_venue ? ties.front() : nullptr;
    const auto [year, month, day] = random_date();
    const std::string date = date_text(year, month, day);
    std::string end_date;
    if (day && day <= 26 && random_.chance(0.3))
      end_date = date_text(year, month, day + random_.between(1, 2));

    std::string title;
    const std::string topic = words(2, 3);
    if (kind == "annual")
      title = "Annual meeting of the Global Network of R2P Focal Points on " + topic;
    else if (kind == "regional")
      title = "Regional meeting of R2P Focal Points on " + topic;
    else if (kind == "workshop")
      title = "Workshop on " + topic + " for national R2P Focal Points";
    else
      title = "Launch of the " + topic + " initiative";
    if (venue) title += ", " + city;

    const std::string slug = venue ? ascii_lower(city) : kind;
    const std::string id = slug + "-" + std::to_string(year) + "-" + sequence(seq);
    meetings_.push_back({id, title, date});

    std::vector<std::string> names;
    for (const auto* c : ties) names.push_back(c->name);
    std::vector<std::string> hosts;
    for (std::size_t i = 0; i < names.size() && i < 2; ++i)
      if (random_.chance(0.4)) hosts.push_back(names[i]);

    std::vector<std::string> opening;
    if (venue) opening.push_back("The meeting was held in " + city + ", " + venue->name + ".");
    opening.push_back("Representatives of " + name_list(names) + " took part in the discussions.");
    std::string participation;
    int count = 0;
    bool more_than = false;
    if (random_.chance(0.5)) {
      count = random_.between(8, 60);
      more_than = random_.chance(0.5);
      participation =
          std::string(more_than ? "More than " : "Exactly ") + std::to_string(count) + " countries";
      opening.push_back(participation + " participated in this meeting.");
    }
    auto text = body(opening, title);
    auto from_text = sentences_of(text);

    std::string out = "{\"id\":";
    put(out, id);
    out += ",\"type\":\"meeting\"";
    put_field(out, "kind", kind);
    put_field(out, "title", title);
    put_field(out, "date", date);
    put_field_or_null(out, "end_date", end_date);
    out += ",\"venue\":";
    if (venue) {
      out += "{\"city\":";
      put(out, city);
      put_field(out, "country", venue->name);
      out += '}';
    } else {
      out += "null";
    }
    out += ",\"hosts\":{\"countries\":";
    put(out, hosts);
    out += ",\"organisations\":[]},\"organisations\":[],\"participation\":[";
    if (count) {
      out += "{\"count\":" + std::to_string(count);
      put_field(out, "qualifier", more_than ? "more than" : "exactly");
      out += ",\"of\":\"countries\"";
      put_field(out, "text", participation);
      out += '}';
    }
    out += "],\"people\":[";
    const int people = random_.between(0, 2);
    for (int i = 0; i < people; ++i) {
      out += i ? ",{\"name\":" : "{\"name\":";
      put(out, random_.pick(m_.proper_nouns) + " " + random_.pick(m_.proper_nouns));
      put_field(out, "role", capitalised(words(1, 2)) + " adviser");
      out += '}';
    }
    out += ']';
    put_field(out, "discussed", sample(from_text, random_.between(1, 3)));
    put_field(out, "highlights", sample(from_text, random_.chance(0.3) ? 1 : 0));
    put_field(out, "region",
              venue && kind == "regional" && random_.chance(0.4)
                  ? std::vector<std::string>{venue->continent}
                  : std::vector<std::string>{});
    put_field(out, "countries", names);
    put_field(out, "text", text);
    source(out);
    return out;
  }

  std::string recommendation(std::size_t seq) {
    const auto ties = pick_countries(random_.between(1, 4));
    std::vector<std::string> names;
    for (const auto* c : ties) names.push_back(c->name);
    const std::string topic = words(2, 3);
    static const std::vector<std::string> forms = {
        "Recommendations on %s for governments appointing a national R2P Focal Point",
        "Elements on %s outlined by participants", "Aims set for regional meetings on %s",
        "Guidance on %s for national R2P Focal Points"};
    std::string title = random_.pick(forms);
    title.replace(title.find("%s"), 2, topic);
    std::string slug;
    for (const auto& w : r2p::fold_words(topic))
      if (slug.empty() && ascii_word(w)) slug = w;
    const std::string id =
        "rec-" + (slug.empty() ? std::string("item") : slug) + "-" + sequence(seq);

    std::vector<std::string> items;
    const int item_count = random_.between(2, 5);
    for (int i = 0; i < item_count; ++i) items.push_back(sentence());
    std::vector<std::string> opening = {"Representatives of " + name_list(names) +
                                        " gave input to the following points:"};
    for (const auto& item : items) opening.push_back("• " + item);
    auto text = body(opening, title, /*separate_opening=*/true);

    std::vector<std::string> meetings;
    const int tied = random_.between(1, 2);
    for (int i = 0; i < tied && !meetings_.empty(); ++i) {
      const std::string& id_of = random_.pick(meetings_).id;
      if (std::find(meetings.begin(), meetings.end(), id_of) == meetings.end())
        meetings.push_back(id_of);
    }
    std::vector<std::string> input;
    if (random_.chance(0.5)) input.push_back(names.front());

    std::string out = "{\"id\":";
    put(out, id);
    out += ",\"type\":\"recommendation\"";
    put_field(out, "title", title);
    std::string date;
    if (random_.chance(0.9)) {
      const auto [year, month, day] = random_date();
      date = date_text(year, month, day);
    }
    put_field_or_null(out, "date", date);
    put_field(out, "items", items);
    out += ",\"drafted_by\":[],\"input_from\":{\"countries\":";
    put(out, input);
    out += ",\"organisations\":[]}";
    put_field(out, "meetings", meetings);
    put_field(out, "region",
              random_.chance(0.2) ? std::vector<std::string>{ties.front()->continent}
                                  : std::vector<std::string>{});
    put_field(out, "countries", names);
    put_field(out, "text", text);
    source(out);
    return out;
  }

  std::string country(const CountryName& c) {
    struct Role {
      const char* role;
      const char* phrase;
      bool at_meeting;
    };
    static const std::vector<Role> roles = {
        {"announced-appointment", "announced the appointment of a national R2P Focal Point at",
         true},
        {"announced-intention", "announced its intention to appoint a national R2P Focal Point at",
         true},
        {"co-host", "co-hosted", true},
        {"noteworthy-intervention", "made a particularly noteworthy intervention at", true},
        {"launched-initiative", "launched the R2P Focal Points initiative at", true},
        {"facilitating-group", "joined the facilitating group of the initiative", false},
        {"recommendations-input", "gave input to the recommendations for governments", false}};
    struct Entry {
      std::string role, date, meeting, sentence;
      int paragraph;
    };
    std::vector<Entry> entries;
    const int count = meetings_.empty() ? 0 : random_.between(0, 5);
    for (int i = 0; i < count; ++i) {
      const Role& role = random_.pick(roles);
      Entry e{role.role, "", "", "", paragraph()};
      if (role.at_meeting) {
        const Meeting& meeting = random_.pick(meetings_);
        e.date = meeting.date;
        e.meeting = meeting.id;
        e.sentence = c.name + " " + role.phrase + " the " + meeting.title + ".";
      } else {
        e.sentence = c.name + " " + role.phrase + ".";
      }
      entries.push_back(e);
    }
    // Chronological order, undated roles last.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.date.empty() != b.date.empty()) return b.date.empty();
      return a.date < b.date;
    });
    const bool appointed = random_.chance(0.85);
    const auto [year, month, day] = random_date();
    const bool dated = random_.chance(0.4);
    const std::string status_sentence =
        appointed ? "Since " + std::to_string(year) + ", " + c.name +
                        " has appointed a national R2P Focal Point."
                  : "Representatives of " + c.name +
                        " announced their intention to appoint a national R2P Focal Point.";
    std::vector<std::string> opening;
    for (const auto& e : entries)
      if (std::find(opening.begin(), opening.end(), e.sentence) == opening.end())
        opening.push_back(e.sentence);
    opening.push_back(status_sentence);
    auto text = body(opening, c.name);

    std::string out = "{\"id\":";
    put(out, "country-" + ascii_lower(c.code));
    out += ",\"type\":\"country\"";
    put_field(out, "title", c.name);
    put_field(out, "name", c.name);
    put_field(out, "code", c.code);
    put_field(out, "status", appointed ? "appointed" : "intention");
    put_field_or_null(out, "status_date", dated ? date_text(year, month, day) : "");
    out += ",\"status_source\":{\"paragraph\":" + std::to_string(paragraph());
    put_field(out, "sentence", status_sentence);
    out += "},\"involvement\":[";
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      out += i ? ",{\"role\":" : "{\"role\":";
      put(out, e.role);
      put_field_or_null(out, "date", e.date);
      put_field_or_null(out, "meeting", e.meeting);
      out += ",\"paragraph\":" + std::to_string(e.paragraph);
      put_field(out, "sentence", e.sentence);
      out += '}';
    }
    out += ']';
    put_field(out, "text", text);
    source(out);
    return out;
  }

  /// Record `seq` of the meetings and recommendations: the first is a meeting, the second a
  /// recommendation, then one in four is a meeting.
  std::string next(std::size_t seq) {
    const bool is_meeting = seq == 0 || (seq > 1 && random_.chance(0.25));
    return is_meeting ? meeting(seq) : recommendation(seq);
  }

 private:
  std::tuple<int, int, int> random_date() {
    const int year = random_.between(2005, 2024);
    const double precision = random_.unit();
    const int month = precision < 0.9 ? random_.between(1, 12) : 0;
    const int day = precision < 0.6 ? random_.between(1, 28) : 0;
    return {year, month, day};
  }

  static std::string sequence(std::size_t seq) {
    char text[24];  // room for any size_t
    std::snprintf(text, sizeof text, "%07zu", seq);
    return text;
  }

  int paragraph() { return random_.between(2, paragraphs_); }

  std::vector<const CountryName*> pick_countries(int n) {
    std::vector<const CountryName*> out;
    for (int tries = 0; static_cast<int>(out.size()) < n && tries < 4 * n; ++tries) {
      const CountryName* c = &countries_[country_rank_.sample(random_)];
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
  }

  /// `low` to `high` Zipf-distributed words joined by spaces.
  std::string words(int low, int high) {
    std::string out;
    const int n = random_.between(low, high);
    for (int i = 0; i < n; ++i) out += (i ? " " : "") + m_.words[words_.sample(random_)];
    return out;
  }

  /// A sentence: a verbatim one from the seed page now and then, else 8 to 22 Zipf words.
  std::string sentence() {
    if (!m_.seed_sentences.empty() && random_.chance(0.06)) return random_.pick(m_.seed_sentences);
    const int n = random_.between(8, 22);
    std::string out;
    for (int i = 0; i < n; ++i) {
      const std::string& w = m_.words[words_.sample(random_)];
      out += i == 0 ? capitalised(w) : (i % 9 == 6 && random_.chance(0.5) ? ", " : " ") + w;
    }
    return out + ".";
  }

  /// Paragraphs of about 275 words in all (title included) that start with `opening` sentences:
  /// in the first paragraph, or each on its own (bullet points).
  std::vector<std::string> body(const std::vector<std::string>& opening, const std::string& title,
                                bool separate_opening = false) {
    const std::size_t target = static_cast<std::size_t>(random_.between(220, 330));
    std::size_t total = word_count(title);
    std::vector<std::string> paragraphs;
    std::string current;
    for (const auto& s : opening) {
      total += word_count(s);
      if (separate_opening) {
        paragraphs.push_back(s);
      } else {
        current += (current.empty() ? "" : " ") + s;
      }
    }
    std::size_t paragraph_target = static_cast<std::size_t>(random_.between(40, 110));
    std::size_t in_paragraph = word_count(current);
    while (total < target) {
      const std::string s = sentence();
      const std::size_t n = word_count(s);
      current += (current.empty() ? "" : " ") + s;
      total += n;
      in_paragraph += n;
      if (in_paragraph >= paragraph_target) {
        paragraphs.push_back(current);
        current.clear();
        in_paragraph = 0;
        paragraph_target = static_cast<std::size_t>(random_.between(40, 110));
      }
    }
    if (!current.empty()) paragraphs.push_back(current);
    return paragraphs;
  }

  /// The sentences of `text` (for verbatim copies such as `discussed`), bullets removed.
  static std::vector<std::string> sentences_of(const std::vector<std::string>& text) {
    std::vector<std::string> out;
    for (const auto& paragraph : text) {
      for (std::size_t start = 0; start < paragraph.size();) {
        std::size_t end = paragraph.find(". ", start);
        end = end == std::string::npos ? paragraph.size() : end + 1;
        out.push_back(paragraph.substr(start, end - start));
        start = end;
        while (start < paragraph.size() && paragraph[start] == ' ') ++start;
      }
    }
    return out;
  }

  std::vector<std::string> sample(const std::vector<std::string>& from, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n && !from.empty(); ++i) {
      const std::string& s = random_.pick(from);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
  }

  void source(std::string& out) {
    std::set<int> cited;
    const int n = random_.between(1, 3);
    for (int i = 0; i < n; ++i) cited.insert(paragraph());
    out += ",\"source\":{\"document\":";
    put(out, kGeneratedDocument);
    put_field(out, "paragraphs", std::vector<int>(cited.begin(), cited.end()));
    out += "}}\n";
  }

  const Material& m_;
  const std::vector<CountryName>& countries_;
  Random random_;
  Zipf words_;
  Zipf country_rank_;
  int paragraphs_;
  std::vector<Meeting> meetings_;
};

/// Writes numbered shards of `shard_size` lines.
class ShardWriter {
 public:
  ShardWriter(fs::path dir, std::size_t shard_size)
      : dir_(std::move(dir)), shard_size_(shard_size) {}
  void write(const std::string& line) {
    if (lines_ % shard_size_ == 0) {
      if (out_.is_open()) out_.close();
      char name[32];
      std::snprintf(name, sizeof name, "gen-%04zu.jsonl", lines_ / shard_size_);
      out_.open(dir_ / name, std::ios::binary | std::ios::trunc);
      if (!out_) throw std::runtime_error("cannot write " + (dir_ / name).string());
    }
    out_ << line;
    bytes_ += line.size();
    ++lines_;
  }
  void close() {
    out_.close();
    if (!out_) throw std::runtime_error("cannot finish writing the shards in " + dir_.string());
  }
  std::size_t bytes() const { return bytes_; }

 private:
  fs::path dir_;
  std::size_t shard_size_;
  std::size_t lines_ = 0;
  std::size_t bytes_ = 0;
  std::ofstream out_;
};

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{
      "r2p-gen-corpus: write a deterministic synthetic r2p-kb corpus for benchmarks.\n\n"
      "Example:\n  r2p-gen-corpus --records 100000 --out /tmp/gen && r2p-index --corpus /tmp/gen"};
  std::size_t records = 10000;
  std::string out_dir;
  std::uint64_t seed = 1;
  std::size_t shard_size = 10000;
  std::string seed_page = r2p::bundled_corpus_path() + "/" + kSeedDocument;
  std::string dictionary = kDictionary;
  app.add_option("--records", records, "Number of records")->capture_default_str();
  app.add_option("--out", out_dir, "Output directory (gen-NNNN.jsonl and source/generated.txt)")
      ->required();
  app.add_option("--seed", seed, "Random seed: the same seed and count give identical files")
      ->capture_default_str();
  app.add_option("--shard-size", shard_size, "Records per shard file")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seed-page", seed_page, "Source page whose words and sentences are mixed in")
      ->capture_default_str();
  app.add_option("--dictionary", dictionary, "Word list (package wamerican)")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  const double start = r2p::bench::now_ms();
  const r2p::Gazetteer gazetteer;
  const Material material = load_material(seed_page, dictionary, gazetteer);
  if (!material.dictionary)
    std::cerr << "r2p-gen-corpus: " << dictionary
              << " not found (apt-get install wamerican); using the seed page's vocabulary only\n";
  const std::vector<CountryName> countries = load_countries(gazetteer);

  const fs::path out(out_dir);
  fs::create_directories(out / "source");
  // Shards of an earlier, larger run would add stale records: remove them first.
  for (const auto& entry : fs::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gen-", 0) == 0 && entry.path().extension() == ".jsonl")
      fs::remove(entry.path());
  }
  {
    std::ofstream source(out / kGeneratedDocument, std::ios::binary | std::ios::trunc);
    source << "Synthetic benchmark corpus written by r2p-gen-corpus (seed " << seed << ", "
           << records
           << " records). Records cite the paragraphs below, taken from the seed page.\n";
    for (const auto& p : material.seed_paragraphs) source << "\n" << p << "\n";
    if (!source) throw std::runtime_error("cannot write " + (out / kGeneratedDocument).string());
    // The page the records cite is no record itself: r2p-index leaves it out.
    std::ofstream ignore(out / ".r2pignore", std::ios::binary | std::ios::trunc);
    ignore << "# The source page the records cite; not a record.\nsource/\n";
    if (!ignore) throw std::runtime_error("cannot write " + (out / ".r2pignore").string());
  }

  // At most one country record per country (the corpus allows no more); the rest are meetings
  // and the recommendations that refer to them.
  const std::size_t country_records =
      records < 3 ? 0 : std::min(countries.size(), std::max<std::size_t>(1, records / 100));
  Generator generator(material, countries, seed,
                      1 + static_cast<int>(material.seed_paragraphs.size()));
  ShardWriter writer(out, shard_size);
  for (std::size_t i = 0; i + country_records < records; ++i) writer.write(generator.next(i));
  for (std::size_t i = 0; i < country_records; ++i) writer.write(generator.country(countries[i]));
  writer.close();

  std::cout << nlohmann::json{{"records", records},
                              {"bytes", writer.bytes()},
                              {"shards", (records + shard_size - 1) / shard_size},
                              {"seconds", (r2p::bench::now_ms() - start) / 1000},
                              {"dictionary", material.dictionary}}
                   .dump()
            << "\n";
  return 0;
} catch (const std::exception& e) {
  return r2p::bench::report_failure("r2p-gen-corpus", e.what(), 1);
}
