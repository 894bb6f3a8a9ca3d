package dev.weft.difftest;

/** The kinds of {@link Op}, one per record; the generator's coverage is counted by kind. */
public enum OpKind {
    SPAWN, YIELD, SLEEP, SEND, RECEIVE, SELECT, CLOSE, LOCK, AWAIT, SIGNAL, INTERRUPT, INTERRUPTED, JOIN, STACK, DUMP,
    FORK, WITH_TIMEOUT, FAIL, TRY, CALL, COROUTINE, SHARED_COROUTINE, RESUME_SHARED, GENERATOR, PIPE, CO_YIELD
}
