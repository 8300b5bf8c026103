#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <editline/readline.h>

/* Swift 6 rejects references to the C global `stdout`. */
static inline void smol_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/* Ctrl-C: installs `handler` for SIGINT without SA_RESTART, so a blocking read inside readline() returns.
   No state lives here: a `static` variable in a header gets one copy per translation unit (a release build
   had two, and the handler set one while the REPL polled the other); the flag is a Swift atomic. */
static inline void smol_install_sigint(void (*handler)(int)) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler; sigemptyset(&sa.sa_mask); sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    /* A parent (a test runner, a job control shell) may have left SIGINT blocked; unblock it. */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Tab completion: Swift supplies the candidate list for the word being completed. */
static inline void smol_set_completion(rl_compentry_func_t *fn) {
    rl_completion_entry_function = fn;
}
#endif
