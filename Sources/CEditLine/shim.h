#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <editline/readline.h>

/* Swift 6 rejects references to the C global `stdout`. */
static inline void smol_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/* Ctrl-C: SIGINT without SA_RESTART so a blocking read inside readline() returns;
   the flag is polled by the REPL (drop the line) and by the interpreter (cancel the command). */
static volatile sig_atomic_t smol_sigint_seen = 0;
static void smol_on_sigint(int sig) { (void)sig; smol_sigint_seen = 1; }
static inline void smol_install_sigint(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = smol_on_sigint; sigemptyset(&sa.sa_mask); sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    /* A parent (a test runner, a job control shell) may have left SIGINT blocked; unblock it. */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}
static inline int smol_take_sigint(void) { int s = smol_sigint_seen; smol_sigint_seen = 0; return s; }
static inline int smol_peek_sigint(void) { return smol_sigint_seen; }

/* Tab completion: Swift supplies the candidate list for the word being completed. */
static inline void smol_set_completion(rl_compentry_func_t *fn) {
    rl_completion_entry_function = fn;
}
#endif
