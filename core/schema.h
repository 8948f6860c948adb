// The schema: every field's Xapian term prefix, value slots, facet role, filter flag and
// query-language name, defined once. Indexer, query builder, facets and JSON keys all read it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace r2p {

/// Bumped whenever terms, slots, metadata or stored records change meaning; stored in the index
/// metadata. 9: the record moved from the document data to kSlotRecord.
constexpr int kSchemaVersion = 9;

// Metadata keys and key prefixes, every one of them: "r2p:" and lower-case words joined by
// hyphens.

/// Metadata key holding kSchemaVersion.
constexpr const char* kSchemaVersionKey = "r2p:schema-version";
/// Where indexes of schema 6 and before stored their version: read only to name that version in
/// the message that asks for a rebuild.
constexpr const char* kLegacySchemaVersionKey = "r2p:schema_version";
/// Metadata key holding kDocumentLayout.
constexpr const char* kDocumentLayoutKey = "r2p:document-layout";
/// How r2p-index lays out a document's positions; searches read any layout alike, but an update
/// writes only into an index of its own layout, so an updated index stays equal to a rebuilt one.
/// 2: the title after the text and names.
constexpr int kDocumentLayout = 2;
/// Metadata key holding the zstd dictionary stored records are compressed against, when the
/// corpus was large enough for one (core/record_codec.h).
constexpr const char* kRecordDictionaryKey = "r2p:record-dictionary";
/// Metadata key holding the corpus alias table (JSON), so searches resolve the same names.
constexpr const char* kAliasesKey = "r2p:aliases";
/// Metadata key prefix for a meeting's title ("r2p:meeting-title:accra-2013"), so facet labels
/// and pages name meetings without loading their records.
constexpr const char* kMeetingTitleKeyPrefix = "r2p:meeting-title:";
/// Metadata key prefix for a meeting's short label ("r2p:meeting-label:accra-2013" holds "Accra
/// 2013 — third meeting", core/meeting_label.h), for lists where titles would wrap.
constexpr const char* kMeetingLabelKeyPrefix = "r2p:meeting-label:";
/// Metadata key prefix for a multi-valued facet's width (most values any document has):
/// "r2p:facet-width:country".
constexpr const char* kFacetWidthKeyPrefix = "r2p:facet-width:";
/// Metadata key prefix for what the index knows of one corpus file ("r2p:file:" and a hash of its
/// path): size, modification time and content hash, so a later run re-reads only the files that
/// changed.
constexpr const char* kFileKeyPrefix = "r2p:file:";
/// Metadata key prefix for the keys of one corpus file's records ("r2p:file-records:" and the
/// same hash): id, type, country, line and meeting references, for the checks that span records.
constexpr const char* kFileRecordsKeyPrefix = "r2p:file-records:";
/// Metadata key prefix for the id a document stating none kept when its file was renamed
/// ("r2p:kept-id:" and a hash of its new path; the entry holds the path and the id), so that later
/// updates and rebuilds give it that id again.
constexpr const char* kKeptIdKeyPrefix = "r2p:kept-id:";
/// Metadata key holding a shard's facet table (core/facet_table.h: encode_facet_table), written
/// when shards are built.
constexpr const char* kFacetTableKey = "r2p:facet-table";
/// Metadata key holding an identity of that table (a hash of it, in hex): readers that opened
/// databases with the same identities share one decoded table.
constexpr const char* kFacetTableIdKey = "r2p:facet-table-id";
/// Metadata key a sharded index's dictionary database holds while an update writes its shards
/// (each shard commits on its own): found by the next run, it means an update was interrupted
/// between shards, and the index is built again.
constexpr const char* kUpdatePendingKey = "r2p:update-pending";

/// The stub file inside a sharded index version directory: Xapian's own name for a stub
/// database, which lists the shards.
constexpr const char* kStubFile = "XAPIANDB";

enum class Field { id, type, title, year, region, meeting, country, status, organisation };

/// Value slots. Facet values live in positional slots: the k-th distinct value of a facet for a
/// document is stored in slot `facet_slot + k` (a plain string), so stock ValueCountMatchSpy
/// objects — which also work across remote shards — count every value exactly once. The last
/// value of a facet ends with kLastFacetValueMark, so that a reader stops there rather than
/// reading the next slot to find it empty (see facet_value()).
enum Slot : Xapian::valueno {
  /// "YYYYMMDD" (unknown month/day 00, undated 00000000) followed by the record id: sorting by
  /// date needs no KeyMaker (which remote shards refuse) and same-day records still order alike
  /// on any number of shards.
  kSlotDate = 0,
  kSlotId = 1,  ///< the record id: breaks relevance ties the same way on any shards
  /// The stored record (core/record_codec.h). A value, not the document data: over remote
  /// shards a value can travel with the hits themselves, as their collapse key (unique, since
  /// every record holds its id), where reading document data costs a round trip per hit
  /// (search/searcher.cc).
  kSlotRecord = 2,
  kSlotFacetStride = 1000,
};

/// A document's stored record, as RecordCodec::encode made it.
inline std::string record_data(const Xapian::Document& doc) {
  return doc.get_value(kSlotRecord);
}

/// The year facet value and filter (`year=none`) of a record with no year at all (no date, no
/// dated involvement or status), so that the year counts account for every hit.
constexpr const char* kNoYearValue = "none";

/// Ends the last value of a facet in a document (never part of a value: values are ids, codes
/// and numbers).
constexpr char kLastFacetValueMark = '$';

/// A facet value as stored in its slot, without the mark; `last` tells whether it had one.
inline std::string_view facet_value(std::string_view stored, bool& last) {
  last = !stored.empty() && stored.back() == kLastFacetValueMark;
  return last ? stored.substr(0, stored.size() - 1) : stored;
}

struct FieldSpec {
  Field field;
  const char* name;    ///< query-language field, CLI flag, facet key and JSON key ("country")
  const char* prefix;  ///< Xapian term prefix
  bool filter;         ///< has boolean filter terms (and a `name:` boolean prefix)
  bool free_text;      ///< indexed as free text under the prefix (`title:`)
  Xapian::valueno facet_slot;  ///< first positional slot for facet counts, or Xapian::BAD_VALUENO
};

/// The table, in a stable order.
const std::vector<FieldSpec>& schema_fields();
/// The spec of `field`.
const FieldSpec& field_spec(Field field);
/// Fields with facet counts, in display order: year, region, meeting, type, country, status,
/// organisation.
const std::vector<Field>& facet_fields();
/// The spec for a field name ("year"); nullptr if there is none.
const FieldSpec* field_spec_by_name(std::string_view name);

/// The boolean term for `value` of `field`, applying the QueryParser's colon rule (a prefix longer
/// than one character gets ':' before a value that starts with an ASCII capital or ':').
std::string filter_term(Field field, std::string_view value);

/// The value of `term` if it is a filter term of `field` (filter_term()'s inverse), else "".
std::string filter_value(Field field, std::string_view term);

/// The unique-id term of a record.
std::string id_term(std::string_view record_id);

}  // namespace r2p
