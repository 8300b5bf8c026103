#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>
/* SQLITE_TRANSIENT casts -1 to a function pointer; Swift cannot import the macro. */
static inline sqlite3_destructor_type smol_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
