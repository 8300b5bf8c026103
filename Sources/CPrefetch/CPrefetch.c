// CPrefetch is header-only (static inline hints); this file gives SwiftPM a C source to build.
#include "CPrefetch.h"
