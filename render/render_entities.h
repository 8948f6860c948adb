// Renderers for the entity pages (--show, --dossier, --matrix): terminal text, JSON and CSV.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "search/entities.h"

namespace r2p {

/// Title, id, type and dates; every field of the record that is set; the involvement list; the
/// ties as "Label (id)"; the full text paragraph by paragraph; the source.
void render_record_text(const RecordPage& page, const TextStyle& style, std::ostream& out);
/// The record with resolved labels. Keys depend on the record type but are always present for
/// that type (null or [] when the source says nothing): id, type, title, date; meetings add
/// end_date, kind, venue, hosts, participation, people ({name, role, id}: id is the person
/// record's, null when none), discussed, highlights; recommendations
/// add items, drafted_by, input_from; countries add country, status, status_date,
/// status_sentence, status_source, involvement; then ties, text, source.
nlohmann::ordered_json record_json(const RecordPage& page);

/// Name and codes, names in the six UN languages, region, focal-point status with its sentence,
/// the timeline of roles (each "with" the organisations that share its sentence), and the other
/// records that mention the country.
void render_dossier_text(const CountryDossier& dossier, const TextStyle& style, std::ostream& out);
/// kind ("country"), country, names, continent, subregion, record, status, status_date,
/// status_sentence, status_source, timeline (each entry with its organisations), mentioned_in;
/// absent values are null.
nlohmann::ordered_json dossier_json(const CountryDossier& dossier);

/// When, where, who hosted and took part, highlights, announcements, every country's role,
/// what was discussed, related recommendations, then the full text and source.
void render_meeting_text(const MeetingPage& meeting, const TextStyle& style, std::ostream& out);
/// {"kind": "meeting", "meeting": record_json(page), "venue_regions", "announcements", "roles",
///  "recommendations", "documents"}.
nlohmann::ordered_json meeting_json(const MeetingPage& meeting);

/// Header `country,code,<column ids>`, one row per country with role labels joined by "; ";
/// RFC 4180 quoting, CRLF line ends.
void render_matrix_csv(const Matrix& matrix, std::ostream& out);
/// An aligned table of one-letter role codes with a legend; split into panels when it would be
/// wider than the terminal layout allows.
void render_matrix_text(const Matrix& matrix, const TextStyle& style, std::ostream& out);
/// {"row_kind", "column_kind", "rows": [{id, label}], "columns": [{id, label}],
///  "cells": [[[role ids]]]}.
nlohmann::ordered_json matrix_json(const Matrix& matrix);

/// The one-letter code the text matrix shows for a role ("co-host" -> "H", "mentioned" -> "m");
/// the role id itself for a role without a code.
std::string matrix_role_code(const std::string& role);

}  // namespace r2p
