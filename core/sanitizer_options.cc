// Defaults for sanitizer builds (R2P_SANITIZE). libxapian 1.4.22's Database::check() frees an
// object through a base-class pointer of another size, which ASan reports as
// new-delete-type-mismatch inside the library; that one check is turned off, everything else stays.
extern "C" const char* __asan_default_options() {
  return "new_delete_type_mismatch=0";
}
