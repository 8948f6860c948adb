// Placeholder until the ICU-backed gazetteer lands.
#include "core/gazetteer.h"
