# `cpack -G DEB` in the build folder: r2p-kb_VERSION_ARCH.deb, installing under /usr. Its
# library dependencies are computed by dpkg-shlibdeps (package dpkg-dev) from the programs
# themselves; iso-codes is data read at run time (core/iso_codes), so it is named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME r2p-kb)
set(CPACK_PACKAGE_VENDOR r2p-kb)
set(CPACK_PACKAGE_CONTACT "r2p-kb maintainers <r2p-kb@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "offline search of the Global Network of R2P Focal Points knowledge base")
set(CPACK_PACKAGE_DESCRIPTION
    "r2p-index builds a Xapian index of meeting reports, recommendations and country records;\n\
r2p-search answers queries with ranked, highlighted hits and exact facet counts by year,\n\
region, meeting, type, country and status, as text, JSON or CSV, or as a local web page.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "iso-codes")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, xapian-tools")
include(CPack)
